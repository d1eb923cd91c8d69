package io.talis.owner;

import io.talis.common.Page;
import io.talis.common.PageRequest;
import io.talis.common.Rejected;
import io.talis.persistence.Queries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Users and their API keys. Creating and deleting users is for the administrator. */
@ApplicationScoped
@Transactional
public class UserService {

    /** A new user and its API key, which is shown this once. */
    public record Created(long id, String apiKey) {
    }

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final String LIVE = "FROM User e WHERE e.deletedAt IS NULL";

    @PersistenceContext(unitName = "talis")
    EntityManager em;

    public Created create(Caller caller, String username, String email, Integer role, String publicSshKey) {
        caller.requireAdmin();
        if (username == null || username.isBlank()) {
            throw Rejected.invalid("username is required");
        }
        if (email != null && !email.isBlank() && !EMAIL.matcher(email).matches()) {
            throw Rejected.invalid("invalid user email format: '" + email + "'");
        }
        short roleValue = role == null ? User.ROLE_USER : role.shortValue();
        if (roleValue != User.ROLE_USER && roleValue != User.ROLE_ADMIN) {
            throw Rejected.invalid("role must be 0 (user) or 1 (admin), got " + role);
        }
        if (byName(username).isPresent()) {
            throw Rejected.conflict("username '" + username + "' already exists");
        }
        String apiKey = ApiKeys.generate();
        User user = new User(username, email, roleValue, publicSshKey, ApiKeys.hash(apiKey));
        try {
            em.persist(user);
            em.flush();
        } catch (PersistenceException e) {
            if (Queries.isUniqueViolation(e)) {
                throw Rejected.conflict("username '" + username + "' already exists");
            }
            throw e;
        }
        return new Created(user.id(), apiKey);
    }

    public User get(Caller caller, long id) {
        if (id <= 0) {
            throw Rejected.invalid("user id is required");
        }
        return Optional.ofNullable(em.find(User.class, id))
                .filter(user -> !user.isDeleted() && caller.mayAccess(user.id()))
                .orElseThrow(() -> Rejected.notFound("user " + id + " not found"));
    }

    public User byUsername(Caller caller, String username) {
        return byName(username).filter(user -> caller.mayAccess(user.id()))
                .orElseThrow(() -> Rejected.notFound("user '" + username + "' not found"));
    }

    /** All users for the administrator; just the caller for anyone else. */
    public Page<User> list(Caller caller, PageRequest page) {
        if (caller.admin()) {
            return Queries.page(em, User.class, LIVE, "e.id", Map.of(), page);
        }
        return Queries.page(em, User.class, LIVE + " AND e.id = :id", "e.id", Map.of("id", caller.ownerId()), page);
    }

    public void delete(Caller caller, long id) {
        caller.requireAdmin();
        User user = get(caller, id);
        if (user.id() == User.ADMIN_ID) {
            throw Rejected.conflict("the administrator cannot be deleted");
        }
        long projects = em.createQuery("SELECT COUNT(p) FROM Project p WHERE p.ownerId = :owner AND p.deletedAt IS NULL", Long.class)
                .setParameter("owner", id).getSingleResult();
        if (projects > 0) {
            throw Rejected.conflict("user " + id + " still owns " + projects + " projects; delete them first");
        }
        user.markDeleted();
    }

    /** The caller an API key belongs to, if it belongs to a live user. */
    public Optional<Caller> authenticate(String apiKey) {
        return em.createQuery(LIVE + " AND e.apiKeyHash = :hash", User.class)
                .setParameter("hash", ApiKeys.hash(apiKey))
                .getResultStream().findFirst()
                .map(user -> new Caller(user.id(), user.isAdmin()));
    }

    private Optional<User> byName(String username) {
        return em.createQuery(LIVE + " AND e.username = :name", User.class)
                .setParameter("name", username).getResultStream().findFirst();
    }
}
