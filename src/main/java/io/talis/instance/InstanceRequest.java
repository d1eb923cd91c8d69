package io.talis.instance;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * One element of a create request, with the fields and names of the Go service's
 * InstanceRequest. Fields the Go client sends for its own bookkeeping (action, instance_id,
 * public_ip, ...) are ignored. The rules that involve several fields or the provider are in
 * {@link InstanceService}.
 */
public record InstanceRequest(
        @JsonbProperty("owner_id") Long ownerId,
        @JsonbProperty("project_name") @NotBlank(message = "project_name is required") String projectName,
        @NotBlank(message = "provider is required") String provider,
        @NotBlank(message = "region is required") String region,
        String size,
        Integer memory,
        Integer cpu,
        @NotBlank(message = "image is required") String image,
        List<@NotBlank(message = "tags must not be blank") @Size(max = 255, message = "tags must be at most 255 characters") String> tags,
        @Pattern(regexp = "[A-Za-z0-9]([A-Za-z0-9-]{0,50}[A-Za-z0-9])?",
                message = "name must be a host name: letters, digits and dashes, at most 52, not starting or ending with a dash")
        String name,
        @JsonbProperty("number_of_instances")
        @NotNull(message = "number_of_instances is required")
        @Min(value = 1, message = "number_of_instances must be greater than 0")
        Integer numberOfInstances,
        Boolean provision,
        @NotEmpty(message = "at least one volume configuration is required") List<@Valid VolumeRequest> volumes,
        @JsonbProperty("webhook_url")
        @Pattern(regexp = "https?://\\S+", message = "webhook_url must be an http or https URL")
        String webhookUrl,
        @JsonbProperty("payload_path") String payloadPath,
        @JsonbProperty("execute_payload") Boolean executePayload) {

    public int count() {
        return numberOfInstances == null ? 0 : numberOfInstances;
    }

    public boolean wantsProvisioning() {
        return Boolean.TRUE.equals(provision);
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
