package io.talis.compute.ximera;

import io.talis.common.RequiredConfig;
import io.talis.compute.ComputeProvider;
import io.talis.compute.ComputeProviderFactory;
import io.talis.compute.rest.ProviderSettings;
import io.talis.compute.rest.RestClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/** Ximera, under the provider id of the Go service. */
@ApplicationScoped
public class XimeraFactory implements ComputeProviderFactory {

    public static final Set<String> PROVIDER_IDS = Set.of("ximera");

    @Inject
    XimeraSettings settings;

    @Inject
    ProviderSettings timing;

    @Override
    public Set<String> providerIds() {
        return PROVIDER_IDS;
    }

    @Override
    public ComputeProvider create(String providerId) {
        RestClient api = new RestClient("ximera", RequiredConfig.url(settings.apiUrl(), "XIMERA_API_URL"),
                RequiredConfig.text(settings.token(), "XIMERA_API_TOKEN"), "XIMERA_API_TOKEN", timing.timing());
        return new XimeraCloud(api, settings.account(), timing.polling());
    }
}
