package io.talis.instance;

import jakarta.json.JsonArray;
import java.util.List;

/** An instance row as the lifecycle handlers read it. */
public record InstanceRecord(
        long id,
        String name,
        String providerId,
        Long providerInstanceId,
        String publicIp,
        String region,
        String size,
        String image,
        List<String> tags,
        InstanceStatus status,
        JsonArray volumeDetails) {

    /** The key under which the provider remembers this instance's machine across retries and crashes. */
    public String idempotencyKey() {
        return "talis-instance-" + id;
    }
}
