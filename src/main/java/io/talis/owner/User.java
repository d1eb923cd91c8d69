package io.talis.owner;

import io.talis.persistence.Timestamps;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An owner of projects, instances, tasks and SSH keys; role 1 is an administrator. */
@Entity
@Table(name = "users")
public class User extends Timestamps {

    public static final short ROLE_USER = 0;
    public static final short ROLE_ADMIN = 1;
    /** The administrator the admin API key acts as; the Go service's AdminID. */
    public static final long ADMIN_ID = 4_294_967_295L;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String username;

    private String email;

    private short role;

    @Column(name = "public_ssh_key")
    private String publicSshKey;

    /** SHA-256 of the user's API key; the key itself is shown once and never stored. */
    @Column(name = "api_key_hash")
    private String apiKeyHash;

    protected User() {
    }

    public User(String username, String email, short role, String publicSshKey, String apiKeyHash) {
        this.username = username;
        this.email = email;
        this.role = role;
        this.publicSshKey = publicSshKey;
        this.apiKeyHash = apiKeyHash;
    }

    public Long id() {
        return id;
    }

    public String username() {
        return username;
    }

    public String email() {
        return email;
    }

    public short role() {
        return role;
    }

    public boolean isAdmin() {
        return role == ROLE_ADMIN;
    }

    public String publicSshKey() {
        return publicSshKey;
    }
}
