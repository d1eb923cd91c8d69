package io.talis.api;

import io.talis.common.Page;
import io.talis.common.PageRequest;
import io.talis.instance.Instance;
import io.talis.instance.InstanceRequest;
import io.talis.instance.InstanceService;
import io.talis.instance.TerminateRequest;
import io.talis.owner.Caller;
import io.talis.task.TaskService;
import jakarta.inject.Inject;
import jakarta.json.Json;
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

/**
 * {@code /api/v1/instances}: the caller's instances (an administrator sees every owner's, or one
 * owner's with {@code owner_id}). Listings are in id order; {@code limit} defaults to 100, at
 * most 1000; the pagination's {@code total} counts every matching row.
 */
@Path("api/v1/instances")
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
    public JsonObject list(@QueryParam("limit") String limit, @QueryParam("offset") String offset,
                           @QueryParam("include_deleted") String includeDeleted, @QueryParam("status") String status,
                           @QueryParam("owner_id") String ownerId) {
        return Views.list(page(limit, offset, includeDeleted, status, ownerId), Views::instance);
    }

    @GET
    @Path("all-metadata")
    public JsonObject metadata(@QueryParam("limit") String limit, @QueryParam("offset") String offset,
                               @QueryParam("include_deleted") String includeDeleted, @QueryParam("owner_id") String ownerId) {
        return Views.list(page(limit, offset, includeDeleted, null, ownerId), Views::instance);
    }

    @GET
    @Path("public-ips")
    public JsonObject publicIps(@QueryParam("limit") String limit, @QueryParam("offset") String offset,
                                @QueryParam("include_deleted") String includeDeleted, @QueryParam("owner_id") String ownerId) {
        Page<Instance> page = page(limit, offset, includeDeleted, null, ownerId);
        return Json.createObjectBuilder()
                .add("public_ips", Views.array(page.rows(), instance -> Json.createObjectBuilder()
                        .add("id", instance.id())
                        .add("public_ip", instance.publicIp() == null ? "" : instance.publicIp())
                        .build()))
                .add("pagination", Views.pagination(page))
                .build();
    }

    @GET
    @Path("{id}")
    public JsonObject get(@PathParam("id") String id) {
        return Views.instance(instances.get(caller(), Params.id("instance id", id)));
    }

    /** Creates instances and their tasks in one transaction; answers 201 with the pending instances. */
    @POST
    public Response create(List<InstanceRequest> requests) {
        List<Instance> created = instances.create(caller(), requests);
        return Response.status(Response.Status.CREATED)
                .entity(Views.success(Views.array(created, Views::instance).build()))
                .build();
    }

    /** Enqueues one terminate task per instance that is neither terminated nor terminating. */
    @DELETE
    public JsonObject terminate(TerminateRequest body) {
        InstanceService.Terminations done = instances.terminate(caller(), body);
        return Views.success(Json.createObjectBuilder()
                .add("tasks", Views.array(done.enqueued(), termination -> Json.createObjectBuilder()
                        .add("instance_id", termination.instanceId())
                        .add("task_id", termination.taskId())
                        .build()))
                .add("skipped", Views.array(done.skipped(), Json::createValue))
                .build());
    }

    /** The instance's tasks, newest first. */
    @GET
    @Path("{id}/tasks")
    public JsonObject tasks(@PathParam("id") String id, @QueryParam("action") String action,
                            @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
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
