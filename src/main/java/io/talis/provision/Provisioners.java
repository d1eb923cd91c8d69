package io.talis.provision;

import io.talis.common.CreateOnceCache;
import io.talis.engine.PermanentTaskFailure;
import jakarta.ejb.Singleton;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/** The provisioners of this node, created once per provider id and shared by all workers. */
@Singleton
public class Provisioners extends CreateOnceCache<Provisioner> {

    @Inject
    @Any
    Instance<ProvisionerFactory> factories;

    @Override
    protected Provisioner create(String providerId) {
        for (ProvisionerFactory factory : factories) {
            if (factory.providerIds().contains(providerId)) {
                return factory.create(providerId);
            }
        }
        throw new PermanentTaskFailure("no provisioner for the machines of provider '" + providerId + "'");
    }
}
