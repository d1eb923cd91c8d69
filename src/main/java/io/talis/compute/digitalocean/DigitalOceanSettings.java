package io.talis.compute.digitalocean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * DigitalOcean's configuration. Every key is optional at deployment: a task that uses DigitalOcean
 * without them fails with a message naming the missing key.
 */
@ApplicationScoped
public class DigitalOceanSettings {

    @Inject
    @ConfigProperty(name = "DIGITALOCEAN_API_URL")
    Optional<String> apiUrl;

    @Inject
    @ConfigProperty(name = "DIGITALOCEAN_TOKEN")
    Optional<String> token;

    @Inject
    @ConfigProperty(name = "TALIS_SSH_KEY_NAME")
    Optional<String> sshKeyName;

    public Optional<String> apiUrl() {
        return apiUrl;
    }

    public Optional<String> token() {
        return token;
    }

    public Optional<String> sshKeyName() {
        return sshKeyName;
    }
}
