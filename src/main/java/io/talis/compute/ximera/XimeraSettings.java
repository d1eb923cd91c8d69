package io.talis.compute.ximera;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Ximera's configuration. Every key is optional at deployment (numbers are read as text, so a
 * malformed one cannot stop the service): a task that uses Ximera without them fails with a
 * message naming the key.
 */
@ApplicationScoped
public class XimeraSettings {

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
    Optional<String> sshKeyName;

    public Optional<String> apiUrl() {
        return apiUrl;
    }

    public Optional<String> token() {
        return token;
    }

    public XimeraAccount account() {
        return new XimeraAccount(userId, hypervisorGroupId, packageId, sshKeyName);
    }
}
