package io.talis.provision;

import jakarta.json.JsonArray;

/** A machine to configure: how to reach it and which volumes to format and mount. */
public record ProvisionTarget(long instanceId, String name, String providerId, String publicIp,
                              JsonArray volumeDetails) {
}
