package io.talis.compute.digitalocean;

import io.talis.common.RequiredConfig;
import io.talis.compute.ComputeProvider;
import io.talis.compute.ComputeProviderFactory;
import io.talis.compute.rest.ProviderSettings;
import io.talis.compute.rest.RestClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/** DigitalOcean, under the provider ids of the Go service. */
@ApplicationScoped
public class DigitalOceanFactory implements ComputeProviderFactory {

    public static final Set<String> PROVIDER_IDS = Set.of("do", "digitalocean");

    @Inject
    DigitalOceanSettings settings;

    @Inject
    ProviderSettings timing;

    @Override
    public Set<String> providerIds() {
        return PROVIDER_IDS;
    }

    @Override
    public ComputeProvider create(String providerId) {
        RestClient api = new RestClient("digitalocean", RequiredConfig.url(settings.apiUrl(), "DIGITALOCEAN_API_URL"),
                RequiredConfig.text(settings.token(), "DIGITALOCEAN_TOKEN"), "DIGITALOCEAN_TOKEN", timing.timing());
        return new DigitalOceanCloud(api, settings.sshKeyName(), timing.polling());
    }
}
