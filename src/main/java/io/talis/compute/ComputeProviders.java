package io.talis.compute;

import io.talis.common.CreateOnceCache;
import io.talis.engine.PermanentTaskFailure;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.TreeSet;

/** The provider clients of this node, created once per provider id and shared by all workers. */
@Singleton
public class ComputeProviders extends CreateOnceCache<ComputeProvider> {

    @Inject
    @Any
    Instance<ComputeProviderFactory> factories;

    /** Every provider id a request may name. */
    @Lock(LockType.READ)
    public Set<String> knownIds() {
        Set<String> ids = new TreeSet<>();
        factories.forEach(factory -> ids.addAll(factory.providerIds()));
        return ids;
    }

    /** The family of a provider id (see {@link ComputeProviderFactory#family()}), or the id itself if unknown. */
    @Lock(LockType.READ)
    public String family(String providerId) {
        for (ComputeProviderFactory factory : factories) {
            if (factory.providerIds().contains(providerId)) {
                return factory.family();
            }
        }
        return providerId;
    }

    /** Every provider family. */
    @Lock(LockType.READ)
    public Set<String> families() {
        Set<String> families = new TreeSet<>();
        factories.forEach(factory -> families.add(factory.family()));
        return families;
    }

    @Override
    protected ComputeProvider create(String providerId) {
        for (ComputeProviderFactory factory : factories) {
            if (factory.providerIds().contains(providerId)) {
                return factory.create(providerId);
            }
        }
        throw new PermanentTaskFailure("unknown provider '" + providerId + "'; known providers are " + knownIds());
    }
}
