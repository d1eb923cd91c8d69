package io.talis.sshkey;

import io.talis.persistence.Timestamps;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A public SSH key of an owner, unique by (owner, name). */
@Entity
@Table(name = "ssh_keys")
public class SshKey extends Timestamps {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "owner_id")
    private long ownerId;

    private String name;

    @Column(name = "public_key")
    private String publicKey;

    protected SshKey() {
    }

    public SshKey(long ownerId, String name, String publicKey) {
        this.ownerId = ownerId;
        this.name = name;
        this.publicKey = publicKey;
    }

    public Long id() {
        return id;
    }

    public long ownerId() {
        return ownerId;
    }

    public String name() {
        return name;
    }

    public String publicKey() {
        return publicKey;
    }
}
