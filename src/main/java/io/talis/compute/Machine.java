package io.talis.compute;

import jakarta.json.JsonArray;
import java.util.List;

/**
 * A machine as its provider reports it. {@code publicIp} is null until the provider assigned an
 * address; {@code volumeDetails} is the JSON array stored in {@code instances.volume_details}.
 */
public record Machine(long id, String publicIp, List<String> volumeIds, JsonArray volumeDetails) {

    public boolean hasAddress() {
        return publicIp != null && !publicIp.isBlank();
    }
}
