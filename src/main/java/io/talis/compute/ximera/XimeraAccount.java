package io.talis.compute.ximera;

import java.util.Optional;

/**
 * Where Ximera servers are made and who may log in: the API user, hypervisor group and package,
 * and the numeric id of the SSH key. Kept as text, checked when a server is created.
 */
public record XimeraAccount(Optional<String> userId, Optional<String> hypervisorGroupId, Optional<String> packageId,
                            Optional<String> sshKeyId) {
}
