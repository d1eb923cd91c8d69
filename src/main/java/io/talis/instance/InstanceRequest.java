package io.talis.instance;

import jakarta.json.bind.annotation.JsonbCreator;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbVisibility;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * One element of a create request, with the fields and names of the Go service's
 * InstanceRequest. Fields the Go client sends for its own bookkeeping (action, instance_id,
 * public_ip, ...) are ignored. The rules that involve several fields, list elements or the
 * provider are in {@link InstanceRequestRules}. (A class, not a record: constraints on a record's
 * constructor parameters break the server's OpenAPI scanner.)
 */
@JsonbVisibility(FieldVisibility.class)
public final class InstanceRequest {

    @JsonbProperty("owner_id")
    private final Long ownerId;

    @JsonbProperty("project_name")
    @NotBlank(message = "project_name is required")
    private final String projectName;

    @JsonbProperty("provider")
    @NotBlank(message = "provider is required")
    private final String provider;

    @JsonbProperty("region")
    @NotBlank(message = "region is required")
    private final String region;

    @JsonbProperty("size")
    private final String size;

    @JsonbProperty("memory")
    private final Integer memory;

    @JsonbProperty("cpu")
    private final Integer cpu;

    @JsonbProperty("image")
    @NotBlank(message = "image is required")
    private final String image;

    @JsonbProperty("tags")
    private final List<String> tags;

    @JsonbProperty("name")
    @Pattern(regexp = "[A-Za-z0-9]([A-Za-z0-9-]{0,50}[A-Za-z0-9])?",
            message = "name must be a host name: letters, digits and dashes, at most 52, not starting or ending with a dash")
    private final String name;

    @JsonbProperty("number_of_instances")
    @NotNull(message = "number_of_instances is required")
    @Min(value = 1, message = "number_of_instances must be greater than 0")
    private final Integer numberOfInstances;

    @JsonbProperty("provision")
    private final Boolean provision;

    @JsonbProperty("volumes")
    @Valid
    @NotEmpty(message = "at least one volume configuration is required")
    private final List<VolumeRequest> volumes;

    @JsonbProperty("webhook_url")
    @Pattern(regexp = "https?://\\S+", message = "webhook_url must be an http or https URL")
    private final String webhookUrl;

    @JsonbProperty("payload_path")
    private final String payloadPath;

    @JsonbProperty("execute_payload")
    private final Boolean executePayload;

    @JsonbCreator
    public InstanceRequest(@JsonbProperty("owner_id") Long ownerId,
            @JsonbProperty("project_name") String projectName,
            @JsonbProperty("provider") String provider,
            @JsonbProperty("region") String region,
            @JsonbProperty("size") String size,
            @JsonbProperty("memory") Integer memory,
            @JsonbProperty("cpu") Integer cpu,
            @JsonbProperty("image") String image,
            @JsonbProperty("tags") List<String> tags,
            @JsonbProperty("name") String name,
            @JsonbProperty("number_of_instances") Integer numberOfInstances,
            @JsonbProperty("provision") Boolean provision,
            @JsonbProperty("volumes") List<VolumeRequest> volumes,
            @JsonbProperty("webhook_url") String webhookUrl,
            @JsonbProperty("payload_path") String payloadPath,
            @JsonbProperty("execute_payload") Boolean executePayload) {
        this.ownerId = ownerId;
        this.projectName = projectName;
        this.provider = provider;
        this.region = region;
        this.size = size;
        this.memory = memory;
        this.cpu = cpu;
        this.image = image;
        this.tags = tags;
        this.name = name;
        this.numberOfInstances = numberOfInstances;
        this.provision = provision;
        this.volumes = volumes;
        this.webhookUrl = webhookUrl;
        this.payloadPath = payloadPath;
        this.executePayload = executePayload;
    }

    public Long ownerId() {
        return ownerId;
    }

    public String projectName() {
        return projectName;
    }

    public String provider() {
        return provider;
    }

    public String region() {
        return region;
    }

    public String size() {
        return size;
    }

    public Integer memory() {
        return memory;
    }

    public Integer cpu() {
        return cpu;
    }

    public String image() {
        return image;
    }

    public List<String> tags() {
        return tags;
    }

    public String name() {
        return name;
    }

    public Integer numberOfInstances() {
        return numberOfInstances;
    }

    public Boolean provision() {
        return provision;
    }

    public List<VolumeRequest> volumes() {
        return volumes;
    }

    public String webhookUrl() {
        return webhookUrl;
    }

    public String payloadPath() {
        return payloadPath;
    }

    public Boolean executePayload() {
        return executePayload;
    }

    public int count() {
        return numberOfInstances == null ? 0 : numberOfInstances;
    }

    public List<String> tagList() {
        return tags == null ? List.of() : tags;
    }

    /** The name of the {@code index}-th instance (0-based) made from this request, or null to name it after its id. */
    public String instanceName(int index) {
        if (name == null || name.isBlank()) {
            return null;
        }
        return count() > 1 ? name + "-" + (index + 1) : name;
    }
}
