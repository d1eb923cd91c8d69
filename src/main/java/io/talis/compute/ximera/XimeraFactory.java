package io.talis.compute.ximera;

import io.talis.compute.ComputeProvider;
import io.talis.compute.ComputeProviderFactory;
import io.talis.compute.rest.ProviderSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Ximera, under the provider id of the Go service. Its keys are optional at deployment (numbers
 * are read as text, so a malformed one cannot stop the service): a task that uses Ximera without
 * them fails with a message naming the key.
 */
@ApplicationScoped
public class XimeraFactory implements ComputeProviderFactory {

    public static final Set<String> PROVIDER_IDS = Set.of("ximera");

    @Inject
    @ConfigProperty(name = "XIMERA_API_URL")
    Optional<String> apiUrl;

    @Inject
    @ConfigProperty(name = "XIMERA_API_TOKEN")
    Optional<String> token;

    @Inject
    @ConfigProperty(name = "XIMERA_USER_ID")
    Optional<String> userId;

    @Inject
    @ConfigProperty(name = "XIMERA_HYPERVISOR_GROUP_ID")
    Optional<String> hypervisorGroupId;

    @Inject
    @ConfigProperty(name = "XIMERA_PACKAGE_ID")
    Optional<String> packageId;

    @Inject
    @ConfigProperty(name = "TALIS_SSH_KEY_NAME")
    Optional<String> sshKeyId;

    @Inject
    ProviderSettings shared;

    @Override
    public Set<String> providerIds() {
        return PROVIDER_IDS;
    }

    @Override
    public String family() {
        return "ximera";
    }

    @Override
    public ComputeProvider create(String providerId) {
        return new XimeraCloud(shared.client("ximera", family(), apiUrl, "XIMERA_API_URL", token, "XIMERA_API_TOKEN"),
                new XimeraAccount(userId, hypervisorGroupId, packageId, sshKeyId), shared.polling());
    }
}
