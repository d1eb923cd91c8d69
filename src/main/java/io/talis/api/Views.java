package io.talis.api;

import static io.talis.common.SharedJson.JSON;

import io.talis.common.Page;
import io.talis.instance.Instance;
import io.talis.owner.User;
import io.talis.persistence.Timestamps;
import io.talis.project.Project;
import io.talis.sshkey.SshKey;
import io.talis.task.Task;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;

/**
 * The JSON of every resource, shaped as the Go service writes it so that its client and scripts
 * keep working: the capitalised {@code ID}, {@code CreatedAt}, {@code UpdatedAt} and
 * {@code DeletedAt} of its base model first (plus a lower-case {@code id}), then the fields in
 * snake case; times in RFC 3339, UTC.
 */
public final class Views {

    private Views() {
    }

    public static JsonObject instance(Instance instance) {
        return base(instance.id(), instance)
                .add("owner_id", instance.ownerId())
                .add("project_id", instance.projectId())
                .add("name", text(instance.name()))
                .add("provider_id", text(instance.providerId()))
                .add("provider_instance_id", instance.providerInstanceId() == null ? 0 : instance.providerInstanceId())
                .add("public_ip", text(instance.publicIp()))
                .add("region", text(instance.region()))
                .add("size", text(instance.size()))
                .add("image", text(instance.image()))
                .add("tags", strings(instance.tags()))
                .add("status", instance.status())
                .add("volume_ids", strings(instance.volumeIds()))
                .add("volume_details", json(instance.volumeDetails()))
                .add("created_at", time(instance.createdAt()))
                .add("payload_status", "none")
                .build();
    }

    public static JsonObject task(Task task) {
        JsonObjectBuilder view = JSON.createObjectBuilder()
                .add("ID", task.id())
                .add("id", task.id())
                .add("CreatedAt", time(task.createdAt()))
                .add("UpdatedAt", time(task.updatedAt()))
                .addNull("DeletedAt")
                .add("project_id", task.projectId())
                .add("owner_id", task.ownerId());
        if (task.instanceId() != null) {
            view.add("instance_id", task.instanceId());
        }
        view.add("action", task.action())
                .add("status", task.status())
                .add("payload", json(task.payload()))
                .add("result", task.result() == null ? JsonValue.NULL : json(task.result()))
                .add("attempts", task.attempts())
                .add("error", task.error() == null ? JsonValue.NULL : JSON.createValue(task.error()))
                .add("logs", task.logs())
                .add("node", task.claimedBy() == null ? JsonValue.NULL : JSON.createValue(task.claimedBy()))
                .add("webhook_url", text(task.webhookUrl()))
                .add("webhook_sent", task.webhookSent())
                .add("priority", task.priority())
                .add("created_at", time(task.createdAt()))
                .add("locked_at", time(task.startedAt()))
                .add("lock_expiry", time(task.leaseExpiresAt()))
                .add("run_after", time(task.runAfter()))
                .add("finished_at", time(task.finishedAt()));
        return view.build();
    }

    public static JsonObject project(Project project) {
        return base(project.id(), project)
                .add("owner_id", project.ownerId())
                .add("name", project.name())
                .add("description", text(project.description()))
                .add("config", text(project.config()))
                .addNull("tasks")
                .add("created_at", time(project.createdAt()))
                .build();
    }

    public static JsonObject user(User user) {
        return base(user.id(), user)
                .add("username", user.username())
                .add("email", text(user.email()))
                .add("role", user.role())
                .add("public_ssh_key", text(user.publicSshKey()))
                .add("created_at", time(user.createdAt()))
                .add("updated_at", time(user.updatedAt()))
                .build();
    }

    public static JsonObject sshKey(SshKey key) {
        return base(key.id(), key)
                .add("name", key.name())
                .add("public_key", key.publicKey())
                .add("owner_id", key.ownerId())
                .build();
    }

    /** {@code {"rows": [...], "pagination": {total, page, limit, offset}}} */
    public static <T> JsonObject list(Page<T> page, Function<T, JsonObject> view) {
        return JSON.createObjectBuilder()
                .add("rows", array(page.rows(), view))
                .add("pagination", pagination(page))
                .build();
    }

    public static JsonObject pagination(Page<?> page) {
        return JSON.createObjectBuilder()
                .add("total", page.total())
                .add("page", page.number())
                .add("limit", page.limit())
                .add("offset", page.offset())
                .build();
    }

    public static <T> JsonArrayBuilder array(List<T> rows, Function<T, ? extends JsonValue> view) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        rows.forEach(row -> array.add(view.apply(row)));
        return array;
    }

    /** The success envelope of the REST endpoints: {@code {"slug":"success","error":"","data":...}}. */
    public static JsonObject success(JsonValue data) {
        return JSON.createObjectBuilder().add("slug", "success").add("error", "").add("data", data).build();
    }

    private static JsonObjectBuilder base(long id, Timestamps row) {
        return JSON.createObjectBuilder()
                .add("ID", id)
                .add("id", id)
                .add("CreatedAt", time(row.createdAt()))
                .add("UpdatedAt", time(row.updatedAt()))
                .add("DeletedAt", time(row.deletedAt()));
    }

    private static JsonValue time(OffsetDateTime time) {
        return time == null ? JsonValue.NULL
                : JSON.createValue(time.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static JsonArrayBuilder strings(List<String> values) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        values.forEach(array::add);
        return array;
    }

    private static JsonValue json(String text) {
        if (text == null) {
            return JsonValue.NULL;
        }
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }
}
