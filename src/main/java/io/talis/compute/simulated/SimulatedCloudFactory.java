package io.talis.compute.simulated;

import io.talis.compute.ComputeProvider;
import io.talis.compute.ComputeProviderFactory;
import io.talis.compute.ProviderStatistics;
import io.talis.persistence.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import javax.sql.DataSource;

/** The simulated cloud; {@code mock}, {@code do-mock} and {@code digitalocean-mock} are kept for Go clients. */
@ApplicationScoped
public class SimulatedCloudFactory implements ComputeProviderFactory {

    public static final Set<String> PROVIDER_IDS = Set.of("simulated", "mock", "do-mock", "digitalocean-mock");

    @Inject
    DataSource dataSource;

    @Inject
    SimulatedCloudSettings settings;

    @Inject
    ProviderStatistics statistics;

    @Override
    public Set<String> providerIds() {
        return PROVIDER_IDS;
    }

    @Override
    public String family() {
        return "simulated";
    }

    @Override
    public ComputeProvider create(String providerId) {
        return new SimulatedCloud(new Jdbc(dataSource), settings.latency(), settings.failureRate(), statistics.of(family()));
    }
}
