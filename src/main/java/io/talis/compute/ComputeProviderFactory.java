package io.talis.compute;

import java.util.Set;

/** Builds the provider client for a provider id; one CDI bean per vendor. */
public interface ComputeProviderFactory {

    /** The provider ids (as requests name them) this factory serves. */
    Set<String> providerIds();

    ComputeProvider create(String providerId);
}
