package io.talis.provision.simulated;

import io.talis.compute.simulated.SimulatedCloudFactory;
import io.talis.compute.simulated.SimulatedCloudSettings;
import io.talis.persistence.Jdbc;
import io.talis.provision.Provisioner;
import io.talis.provision.ProvisionerFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import javax.sql.DataSource;

/** Provisions the machines of the simulated cloud. */
@ApplicationScoped
public class SimulatedProvisionerFactory implements ProvisionerFactory {

    @Inject
    DataSource dataSource;

    @Inject
    SimulatedCloudSettings settings;

    @Override
    public Set<String> providerIds() {
        return SimulatedCloudFactory.PROVIDER_IDS;
    }

    @Override
    public Provisioner create(String providerId) {
        return new SimulatedProvisioner(new Jdbc(dataSource), settings.latency());
    }
}
