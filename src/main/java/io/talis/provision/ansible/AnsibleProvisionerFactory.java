package io.talis.provision.ansible;

import io.talis.compute.digitalocean.DigitalOceanFactory;
import io.talis.compute.ximera.XimeraFactory;
import io.talis.provision.Provisioner;
import io.talis.provision.ProvisionerFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Set;

/** Provisions the machines of the real clouds with Ansible. */
@ApplicationScoped
public class AnsibleProvisionerFactory implements ProvisionerFactory {

    @Inject
    AnsibleSettings settings;

    @Override
    public Set<String> providerIds() {
        Set<String> ids = new HashSet<>(DigitalOceanFactory.PROVIDER_IDS);
        ids.addAll(XimeraFactory.PROVIDER_IDS);
        return ids;
    }

    @Override
    public Provisioner create(String providerId) {
        return new AnsibleProvisioner(settings.options());
    }
}
