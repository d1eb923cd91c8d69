package io.talis.api;

import static io.talis.common.SharedJson.JSON;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /health}, as the Go service answers it; and {@code /health/live} and
 * {@code /health/ready} with Talis's own MicroProfile Health checks, for probes that expect them
 * under {@code /health} (the server's full endpoint, with its own checks too, is {@code /mp/health}).
 */
@Path("health")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "health")
@SecurityRequirements
public class HealthResource {

    @Inject
    @Liveness
    Instance<HealthCheck> liveness;

    @Inject
    @Readiness
    Instance<HealthCheck> readiness;

    @GET
    @Operation(summary = "{\"status\":\"healthy\"} while the service answers (no key needed)")
    public JsonObject health() {
        return JSON.createObjectBuilder().add("status", "healthy").build();
    }

    @GET
    @Path("live")
    @Operation(summary = "Liveness: the dispatcher's timer keeps firing (200 UP or 503 DOWN)")
    public Response live() {
        return report(liveness);
    }

    @GET
    @Path("ready")
    @Operation(summary = "Readiness: database reachable, schema migrated, not stopping (200 UP or 503 DOWN)")
    public Response ready() {
        return report(readiness);
    }

    /** The checks in the MicroProfile Health format: 200 when all are UP, else 503. */
    private static Response report(Instance<HealthCheck> checks) {
        boolean up = true;
        JsonArrayBuilder results = JSON.createArrayBuilder();
        for (HealthCheck check : checks) {
            HealthCheckResponse response = check.call();
            up &= response.getStatus() == HealthCheckResponse.Status.UP;
            JsonObjectBuilder result = JSON.createObjectBuilder()
                    .add("name", response.getName())
                    .add("status", response.getStatus().name());
            response.getData().ifPresent(data -> {
                JsonObjectBuilder fields = JSON.createObjectBuilder();
                data.forEach((key, value) -> fields.add(key, String.valueOf(value)));
                result.add("data", fields);
            });
            results.add(result);
        }
        JsonObject body = JSON.createObjectBuilder().add("status", up ? "UP" : "DOWN").add("checks", results).build();
        return Response.status(up ? 200 : 503).entity(body).build();
    }
}
