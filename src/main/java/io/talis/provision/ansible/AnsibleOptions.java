package io.talis.provision.ansible;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How Talis runs Ansible: the playbook (empty: the one shipped in the WAR), the connection type
 * ({@code ssh}, or {@code local} for tests), the run's time limit, and the SSH private key's
 * content (needed unless the connection is local).
 */
public record AnsibleOptions(Optional<Path> playbook, String connection, Duration timeout, Optional<String> privateKey) {

    public boolean isLocal() {
        return "local".equals(connection);
    }
}
