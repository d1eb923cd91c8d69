package io.talis.api;

import static io.talis.common.SharedJson.JSON;

import io.talis.common.Page;
import io.talis.common.PageRequest;
import io.talis.instance.Instance;
import io.talis.instance.InstanceRequest;
import io.talis.instance.InstanceService;
import io.talis.instance.TerminateRequest;
import io.talis.owner.Caller;
import io.talis.task.TaskService;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
/**
 * {@code /api/v1/instances}: the caller's instances (an administrator sees every owner's, or one
 * owner's with {@code owner_id}). Listings are in id order; {@code limit} defaults to 100, at
 * most 1000; the pagination's {@code total} counts every matching row.
 */
@Path("api/v1/instances")
@Tag(name = "instances")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InstancesResource {

    @Context
    ContainerRequestContext request;

    @Inject
    InstanceService instances;

    @Inject
    TaskService tasks;

    @GET
    @Operation(summary = "The caller's instances, in id order; terminated ones only with include_deleted or status")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(ref = "InstanceList")))
    @APIResponse(responseCode = "400", description = "invalid input", content = @Content(schema = @Schema(ref = "Error")))
    public JsonObject list(@QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String limit, @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String offset,
                           @QueryParam("include_deleted") @Parameter(schema = @Schema(type = SchemaType.BOOLEAN)) String includeDeleted, @QueryParam("status") String status,
                           @QueryParam("owner_id") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String ownerId) {
        return Views.list(page(limit, offset, includeDeleted, status, ownerId), Views::instance);
    }

    @GET
    @Path("all-metadata")
    @Operation(summary = "The same listing as GET /api/v1/instances, without the status filter")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(ref = "InstanceList")))
    public JsonObject metadata(@QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String limit, @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String offset,
                               @QueryParam("include_deleted") @Parameter(schema = @Schema(type = SchemaType.BOOLEAN)) String includeDeleted,
                               @QueryParam("owner_id") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String ownerId) {
        return Views.list(page(limit, offset, includeDeleted, null, ownerId), Views::instance);
    }

    @GET
    @Path("public-ips")
    @Operation(summary = "The addresses of the caller's instances")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(ref = "PublicIps")))
    public JsonObject publicIps(@QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String limit, @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String offset,
                                @QueryParam("include_deleted") @Parameter(schema = @Schema(type = SchemaType.BOOLEAN)) String includeDeleted,
                                @QueryParam("owner_id") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String ownerId) {
        Page<Instance> page = page(limit, offset, includeDeleted, null, ownerId);
        return JSON.createObjectBuilder()
                .add("public_ips", Views.array(page.rows(), instance -> JSON.createObjectBuilder()
                        .add("id", instance.id())
                        .add("public_ip", instance.publicIp() == null ? "" : instance.publicIp())
                        .build()))
                .add("pagination", Views.pagination(page))
                .build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One instance")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(ref = "Instance")))
    @APIResponse(responseCode = "404", description = "not found (or another owner's)", content = @Content(schema = @Schema(ref = "Error")))
    public JsonObject get(@PathParam("id") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String id) {
        return Views.instance(instances.get(caller(), Params.id("instance id", id)));
    }

    /** Creates instances and their tasks in one transaction; answers 201 with the pending instances. */
    @POST
    @Operation(summary = "Create instances: a JSON array of requests, all written in one transaction")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(ref = "CreatedInstances")))
    @APIResponse(responseCode = "400", description = "invalid input", content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "404", description = "unknown project", content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "413", description = "body too large", content = @Content(schema = @Schema(ref = "Error")))
    public Response create(List<InstanceRequest> requests) {
        List<Instance> created = instances.create(caller(), requests);
        return Response.status(Response.Status.CREATED)
                .entity(Views.success(Views.array(created, Views::instance).build()))
                .build();
    }

    /** Enqueues one terminate task per instance that is neither terminated nor terminating. */
    @DELETE
    @Operation(summary = "Terminate instances of a project: one terminate task per instance not already terminated or terminating")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(ref = "Terminations")))
    @APIResponse(responseCode = "400", description = "invalid input", content = @Content(schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "404", description = "not found (or another owner's)", content = @Content(schema = @Schema(ref = "Error")))
    public JsonObject terminate(TerminateRequest body) {
        InstanceService.Terminations done = instances.terminate(caller(), body);
        return Views.success(JSON.createObjectBuilder()
                .add("tasks", Views.array(done.enqueued(), termination -> JSON.createObjectBuilder()
                        .add("instance_id", termination.instanceId())
                        .add("task_id", termination.taskId())
                        .build()))
                .add("skipped", Views.array(done.skipped(), JSON::createValue))
                .build());
    }

    /** The instance's tasks, newest first. */
    @GET
    @Path("{id}/tasks")
    @Operation(summary = "An instance's tasks, newest first")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(ref = "TaskPage")))
    @APIResponse(responseCode = "404", description = "not found (or another owner's)", content = @Content(schema = @Schema(ref = "Error")))
    public JsonObject tasks(@PathParam("id") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String id, @QueryParam("action") String action,
                            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String limit, @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String offset) {
        long instanceId = Params.id("instance id", id);
        PageRequest page = PageRequest.ofLimitOffset(Params.integer("limit", limit), Params.integer("offset", offset));
        return Views.success(Views.list(tasks.listByInstance(caller(), instanceId, action, page), Views::task));
    }

    private Page<Instance> page(String limit, String offset, String includeDeleted, String status, String ownerId) {
        PageRequest page = PageRequest.ofLimitOffset(Params.integer("limit", limit), Params.integer("offset", offset));
        return instances.list(caller(), Params.id("owner_id", ownerId), status,
                Params.flag("include_deleted", includeDeleted), page);
    }

    private Caller caller() {
        return Authentication.caller(request);
    }
}
