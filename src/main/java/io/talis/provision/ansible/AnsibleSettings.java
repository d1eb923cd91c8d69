package io.talis.provision.ansible;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Ansible's configuration; TALIS_SSH_KEY is optional at deployment and required by a task that connects over SSH. */
@ApplicationScoped
public class AnsibleSettings {

    @Inject
    @ConfigProperty(name = "ANSIBLE_PLAYBOOK")
    Optional<String> playbook;

    @Inject
    @ConfigProperty(name = "ANSIBLE_CONNECTION")
    String connection;

    @Inject
    @ConfigProperty(name = "ANSIBLE_TIMEOUT_SECONDS")
    int timeoutSeconds;

    @Inject
    @ConfigProperty(name = "TALIS_SSH_KEY")
    Optional<String> privateKey;

    @PostConstruct
    void validate() {
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("ANSIBLE_TIMEOUT_SECONDS must be positive, got " + timeoutSeconds);
        }
        if (connection == null || !connection.matches("[a-z0-9_.]+")) {
            throw new IllegalArgumentException("ANSIBLE_CONNECTION must name an Ansible connection plugin, got '" + connection + "'");
        }
    }

    public AnsibleOptions options() {
        return new AnsibleOptions(playbook.map(String::strip).filter(path -> !path.isEmpty()).map(Path::of),
                connection, Duration.ofSeconds(timeoutSeconds), privateKey.filter(key -> !key.isBlank()));
    }
}
