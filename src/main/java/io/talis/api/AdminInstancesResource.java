package io.talis.api;

import io.talis.common.PageRequest;
import io.talis.instance.InstanceService;
import io.talis.owner.Caller;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/** {@code /api/v1/admin/instances}: every owner's instances, for the administrator only. */
@Path("api/v1/admin/instances")
@Produces(MediaType.APPLICATION_JSON)
public class AdminInstancesResource {

    @Context
    ContainerRequestContext request;

    @Inject
    InstanceService instances;

    @GET
    public JsonObject list(@QueryParam("limit") String limit, @QueryParam("offset") String offset,
                           @QueryParam("include_deleted") String includeDeleted, @QueryParam("status") String status) {
        return listing(limit, offset, includeDeleted, status);
    }

    @GET
    @Path("all-metadata")
    public JsonObject metadata(@QueryParam("limit") String limit, @QueryParam("offset") String offset,
                               @QueryParam("include_deleted") String includeDeleted) {
        return listing(limit, offset, includeDeleted, null);
    }

    private JsonObject listing(String limit, String offset, String includeDeleted, String status) {
        Caller caller = Authentication.caller(request);
        caller.requireAdmin();
        PageRequest page = PageRequest.ofLimitOffset(Params.integer("limit", limit), Params.integer("offset", offset));
        return Views.list(instances.list(caller, null, status, Params.flag("include_deleted", includeDeleted), page),
                Views::instance);
    }
}
