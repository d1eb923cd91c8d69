package io.talis.sshkey;

import io.talis.common.Rejected;
import io.talis.owner.Caller;
import io.talis.persistence.Queries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.util.List;

/** Public SSH keys of an owner. */
@ApplicationScoped
@Transactional
public class SshKeyService {

    private static final List<String> KEY_TYPES = List.of("ssh-rsa ", "ssh-dss ", "ssh-ed25519 ",
            "ecdsa-sha2-nistp256 ", "ecdsa-sha2-nistp384 ", "ecdsa-sha2-nistp521 ");
    private static final String LIVE = "SELECT e FROM SshKey e WHERE e.deletedAt IS NULL";

    @PersistenceContext(unitName = "talis")
    EntityManager em;

    public SshKey create(Caller caller, Long ownerId, String name, String publicKey) {
        if (name == null || name.isBlank()) {
            throw Rejected.invalid("name is required");
        }
        if (publicKey == null || publicKey.isBlank()) {
            throw Rejected.invalid("public_key is required");
        }
        String trimmed = publicKey.strip();
        if (KEY_TYPES.stream().noneMatch(trimmed::startsWith)) {
            throw Rejected.invalid("invalid SSH public key format: must begin with ssh-rsa, ssh-ed25519, ecdsa-sha2-*, or ssh-dss");
        }
        long owner = caller.actingFor(ownerId);
        if (find(owner, name) != null) {
            throw Rejected.conflict("SSH key '" + name + "' already exists");
        }
        SshKey key = new SshKey(owner, name, publicKey);
        try {
            em.persist(key);
            em.flush();
        } catch (PersistenceException e) {
            if (Queries.isUniqueViolation(e)) {
                throw Rejected.conflict("SSH key '" + name + "' already exists");
            }
            throw e;
        }
        return key;
    }

    /** The caller's keys; every owner's for an administrator who names none. */
    public List<SshKey> list(Caller caller, Long ownerId) {
        Long owner = caller.listingOwner(ownerId);
        if (owner == null) {
            return em.createQuery(LIVE + " ORDER BY e.id", SshKey.class).getResultList();
        }
        return em.createQuery(LIVE + " AND e.ownerId = :owner ORDER BY e.id", SshKey.class)
                .setParameter("owner", owner).getResultList();
    }

    public void delete(Caller caller, Long ownerId, String name) {
        long owner = caller.actingFor(ownerId);
        SshKey key = find(owner, name);
        if (key == null) {
            throw Rejected.notFound("SSH key '" + name + "' not found for owner " + owner);
        }
        key.markDeleted();
    }

    private SshKey find(long owner, String name) {
        return em.createQuery(LIVE + " AND e.ownerId = :owner AND e.name = :name", SshKey.class)
                .setParameter("owner", owner).setParameter("name", name)
                .getResultStream().findFirst().orElse(null);
    }
}
