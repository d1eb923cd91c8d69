package io.talis.instance;

import jakarta.json.bind.annotation.JsonbCreator;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbVisibility;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * The body of DELETE /api/v1/instances, as the Go service takes it (plus an optional webhook_url
 * for the terminate tasks). A class, not a record, for the server's OpenAPI scanner.
 */
@JsonbVisibility(FieldVisibility.class)
public final class TerminateRequest {

    @JsonbProperty("owner_id")
    private final Long ownerId;

    @JsonbProperty("project_name")
    @NotBlank(message = "project_name is required")
    private final String projectName;

    @JsonbProperty("instance_ids")
    @NotEmpty(message = "instance_ids must name at least one instance")
    private final List<Long> instanceIds;

    @JsonbProperty("webhook_url")
    @Pattern(regexp = "https?://\\S+", message = "webhook_url must be an http or https URL")
    private final String webhookUrl;

    @JsonbCreator
    public TerminateRequest(@JsonbProperty("owner_id") Long ownerId,
            @JsonbProperty("project_name") String projectName,
            @JsonbProperty("instance_ids") List<Long> instanceIds,
            @JsonbProperty("webhook_url") String webhookUrl) {
        this.ownerId = ownerId;
        this.projectName = projectName;
        this.instanceIds = instanceIds;
        this.webhookUrl = webhookUrl;
    }

    public Long ownerId() {
        return ownerId;
    }

    public String projectName() {
        return projectName;
    }

    public List<Long> instanceIds() {
        return instanceIds;
    }

    public String webhookUrl() {
        return webhookUrl;
    }

}
