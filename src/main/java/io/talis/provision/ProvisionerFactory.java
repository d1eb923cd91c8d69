package io.talis.provision;

import java.util.Set;

/** Builds the provisioner for the machines of some providers; one CDI bean per kind. */
public interface ProvisionerFactory {

    /** The provider ids whose machines this provisioner configures. */
    Set<String> providerIds();

    Provisioner create(String providerId);
}
