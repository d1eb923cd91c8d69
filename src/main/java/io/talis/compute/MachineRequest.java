package io.talis.compute;

import jakarta.json.JsonObject;
import java.util.List;

/**
 * What to create: the instance's name, region, size, image and tags, plus the original request
 * ({@code spec}) for provider-specific fields such as volumes, memory and cpu.
 */
public record MachineRequest(String name, String region, String size, String image, List<String> tags,
                             JsonObject spec) {
}
