package io.talis.instance;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** A volume to create and mount with an instance. */
public record VolumeRequest(
        @NotBlank(message = "volume name is required")
        @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}", message = "volume name must be lowercase letters, digits and dashes, at most 63")
        String name,
        @JsonbProperty("size_gb")
        @NotNull(message = "size_gb is required")
        @Min(value = 1, message = "size_gb must be at least 1")
        @Max(value = 16384, message = "size_gb must be at most 16384")
        Integer sizeGb,
        String region,
        String filesystem,
        @JsonbProperty("mount_point")
        @NotBlank(message = "mount_point is required")
        @Pattern(regexp = "/.*", message = "mount_point must be an absolute path")
        String mountPoint) {
}
