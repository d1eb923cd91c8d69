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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
/** {@code /api/v1/admin/instances}: every owner's instances, for the administrator only. */
@Path("api/v1/admin/instances")
@Tag(name = "admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminInstancesResource {

    @Context
    ContainerRequestContext request;

    @Inject
    InstanceService instances;

    @GET
    @Operation(summary = "Every owner's instances (administrator only)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(ref = "InstanceList")))
    @APIResponse(responseCode = "403", description = "not the administrator", content = @Content(schema = @Schema(ref = "Error")))
    public JsonObject list(@QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String limit, @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String offset,
                           @QueryParam("include_deleted") @Parameter(schema = @Schema(type = SchemaType.BOOLEAN)) String includeDeleted, @QueryParam("status") String status) {
        return listing(limit, offset, includeDeleted, status);
    }

    @GET
    @Path("all-metadata")
    @Operation(summary = "Every owner's instances without the status filter (administrator only)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(ref = "InstanceList")))
    public JsonObject metadata(@QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String limit, @QueryParam("offset") @Parameter(schema = @Schema(type = SchemaType.INTEGER)) String offset,
                               @QueryParam("include_deleted") @Parameter(schema = @Schema(type = SchemaType.BOOLEAN)) String includeDeleted) {
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
