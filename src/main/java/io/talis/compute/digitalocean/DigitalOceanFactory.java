package io.talis.compute.digitalocean;

import io.talis.compute.ComputeProvider;
import io.talis.compute.ComputeProviderFactory;
import io.talis.compute.rest.ProviderSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * DigitalOcean, under the provider ids of the Go service. Its keys are optional at deployment: a
 * task that uses DigitalOcean without them fails with a message naming the missing key.
 */
@ApplicationScoped
public class DigitalOceanFactory implements ComputeProviderFactory {

    public static final Set<String> PROVIDER_IDS = Set.of("do", "digitalocean");

    @Inject
    @ConfigProperty(name = "DIGITALOCEAN_API_URL")
    Optional<String> apiUrl;

    @Inject
    @ConfigProperty(name = "DIGITALOCEAN_TOKEN")
    Optional<String> token;

    @Inject
    @ConfigProperty(name = "TALIS_SSH_KEY_NAME")
    Optional<String> sshKeyName;

    @Inject
    ProviderSettings shared;

    @Override
    public Set<String> providerIds() {
        return PROVIDER_IDS;
    }

    @Override
    public String family() {
        return "do";
    }

    @Override
    public ComputeProvider create(String providerId) {
        return new DigitalOceanCloud(shared.client("digitalocean", family(), apiUrl, "DIGITALOCEAN_API_URL", token, "DIGITALOCEAN_TOKEN"),
                sshKeyName, shared.polling());
    }
}
