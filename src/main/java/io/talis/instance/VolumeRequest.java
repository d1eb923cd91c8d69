package io.talis.instance;

import jakarta.json.bind.annotation.JsonbCreator;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbVisibility;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A volume to create and mount with an instance. (A class, not a record: constraints on a
 * record's constructor parameters break the server's OpenAPI scanner.)
 */
@JsonbVisibility(FieldVisibility.class)
public final class VolumeRequest {

    @JsonbProperty("name")
    @NotBlank(message = "volume name is required")
    @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}", message = "volume name must be lowercase letters, digits and dashes, at most 63")
    private final String name;

    @JsonbProperty("size_gb")
    @NotNull(message = "size_gb is required")
    @Min(value = 1, message = "size_gb must be at least 1")
    @Max(value = 16384, message = "size_gb must be at most 16384")
    private final Integer sizeGb;

    @JsonbProperty("region")
    private final String region;

    @JsonbProperty("filesystem")
    private final String filesystem;

    @JsonbProperty("mount_point")
    @NotBlank(message = "mount_point is required")
    @Pattern(regexp = "/.*", message = "mount_point must be an absolute path")
    private final String mountPoint;

    @JsonbCreator
    public VolumeRequest(@JsonbProperty("name") String name,
            @JsonbProperty("size_gb") Integer sizeGb,
            @JsonbProperty("region") String region,
            @JsonbProperty("filesystem") String filesystem,
            @JsonbProperty("mount_point") String mountPoint) {
        this.name = name;
        this.sizeGb = sizeGb;
        this.region = region;
        this.filesystem = filesystem;
        this.mountPoint = mountPoint;
    }

    public String name() {
        return name;
    }

    public Integer sizeGb() {
        return sizeGb;
    }

    public String region() {
        return region;
    }

    public String filesystem() {
        return filesystem;
    }

    public String mountPoint() {
        return mountPoint;
    }

}
