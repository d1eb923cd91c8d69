package io.talis.compute;

import java.util.Set;

/** Builds the provider client for a provider id; one CDI bean per vendor. */
public interface ComputeProviderFactory {

    /** The provider ids (as requests name them) this factory serves. */
    Set<String> providerIds();

    /**
     * The one name of the provider behind all its ids: the concurrency key of its tasks, the
     * name of its MBean and of its PROVIDER_&lt;FAMILY&gt;_MAX_CONCURRENCY cap.
     */
    String family();

    ComputeProvider create(String providerId);
}
