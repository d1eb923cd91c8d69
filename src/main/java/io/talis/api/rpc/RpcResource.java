package io.talis.api.rpc;

import static io.talis.common.SharedJson.JSON;

import io.talis.api.Authentication;
import io.talis.api.ErrorBody;
import io.talis.api.ExceptionMappers;
import io.talis.common.Rejected;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /api/v1/}: the Go service's RPC endpoint. Request {@code {"method", "params", "id"}};
 * answer {@code {"data", "id", "success": true}}, or on error the HTTP status of the error with
 * {@code {"error": {"code": <status>, "message", "data": <slug>}, "id", "success": false}} (the
 * Go client reads the code and message from that body).
 */
@Path("api/v1")
@ApplicationScoped
@Tag(name = "rpc")
public class RpcResource {

    @Inject
    @Any
    Instance<RpcMethods> groups;

    private final Map<String, RpcMethod> methods = new TreeMap<>();

    @PostConstruct
    void index() {
        groups.forEach(group -> methods.putAll(group.methods()));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "RPC: projects, tasks, users and SSH keys (method and params in the body)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "RpcRequest")))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(ref = "RpcResponse")))
    @APIResponse(responseCode = "400", description = "invalid request or params; the body is an RpcResponse with error.code 400",
            content = @Content(schema = @Schema(ref = "RpcResponse")))
    public Response call(@Context ContainerRequestContext request, String body) {
        JsonObject envelope;
        try (JsonReader reader = JSON.createReader(new StringReader(body == null ? "" : body))) {
            envelope = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            return failure(400, "invalid-input", "Invalid request format: the body must be a JSON object"
                    + " {\"method\": ..., \"params\": {...}, \"id\": ...}", JsonValue.NULL);
        }
        JsonValue id = envelope.getOrDefault("id", JsonValue.NULL);
        JsonValue method = envelope.get("method");
        if (!(method instanceof JsonString name) || name.getString().isBlank()) {
            return failure(400, "invalid-input", "Method is required", id);
        }
        RpcMethod handler = methods.get(name.getString());
        if (handler == null) {
            return failure(400, "invalid-input", "unknown method '" + name.getString() + "'; known methods are "
                    + methods.keySet(), id);
        }
        try {
            JsonValue data = handler.call(Authentication.caller(request), envelope.get("params"));
            JsonObjectBuilder answer = JSON.createObjectBuilder();
            if (data != null) {
                answer.add("data", data);
            }
            withId(answer, id);
            return Response.ok(answer.add("success", true).build(), MediaType.APPLICATION_JSON_TYPE).build();
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof Rejected rejected) {
                    return failure(ErrorBody.status(rejected.reason()), ErrorBody.slug(rejected.reason()), rejected.getMessage(), id);
                }
            }
            return failure(500, "server-error", ExceptionMappers.internalError(e), id);
        }
    }

    private static Response failure(int status, String slug, String message, JsonValue id) {
        JsonObjectBuilder answer = JSON.createObjectBuilder()
                .add("error", JSON.createObjectBuilder().add("code", status).add("message", message).add("data", slug));
        withId(answer, id);
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(answer.add("success", false).build()).build();
    }

    private static void withId(JsonObjectBuilder answer, JsonValue id) {
        if (id != null && id.getValueType() != JsonValue.ValueType.NULL) {
            answer.add("id", id);
        }
    }
}
