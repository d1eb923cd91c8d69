package io.talis.api;

import static io.talis.common.SharedJson.JSON;

import io.talis.common.Rejected;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The error answer of the REST endpoints: {@code {"slug": ..., "error": "<message>", "data": null}}. */
public final class ErrorBody {

    private ErrorBody() {
    }

    public static Response of(int status, String slug, String message) {
        JsonObject body = JSON.createObjectBuilder()
                .add("slug", slug)
                .add("error", message == null ? "" : message)
                .addNull("data")
                .build();
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    public static Response of(Rejected rejected) {
        return of(status(rejected.reason()), slug(rejected.reason()), rejected.getMessage());
    }

    public static int status(Rejected.Reason reason) {
        return switch (reason) {
            case INVALID_INPUT -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
        };
    }

    public static String slug(Rejected.Reason reason) {
        return switch (reason) {
            case INVALID_INPUT -> "invalid-input";
            case FORBIDDEN -> "forbidden";
            case NOT_FOUND -> "not-found";
            case CONFLICT -> "conflict";
        };
    }

    /** The slug of an HTTP status that did not come from a {@link Rejected}. */
    public static String slug(int status) {
        return switch (status) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 409 -> "conflict";
            default -> status >= 500 ? "server-error" : "invalid-input";
        };
    }
}
