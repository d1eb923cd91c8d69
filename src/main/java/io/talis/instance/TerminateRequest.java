package io.talis.instance;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.util.List;

/** The body of DELETE /api/v1/instances, as the Go service takes it. */
public record TerminateRequest(
        @JsonbProperty("owner_id") Long ownerId,
        @JsonbProperty("project_name") @NotBlank(message = "project_name is required") String projectName,
        @JsonbProperty("instance_ids")
        @NotEmpty(message = "instance_ids must name at least one instance")
        List<@NotNull(message = "instance_ids must not contain null") @Positive(message = "instance_ids must be positive") Long> instanceIds) {
}
