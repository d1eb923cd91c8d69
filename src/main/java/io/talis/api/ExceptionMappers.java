package io.talis.api;

import io.talis.common.Rejected;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Every failure leaves as a JSON error: 4xx for bad requests, 500 (with a log reference) for faults. */
public final class ExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ExceptionMappers.class.getName());

    private ExceptionMappers() {
    }

    @Provider
    public static class RejectedMapper implements ExceptionMapper<Rejected> {
        @Override
        public Response toResponse(Rejected rejected) {
            return ErrorBody.of(rejected);
        }
    }

    /** A body that is not JSON, or JSON of the wrong shape or types. */
    @Provider
    public static class UnreadableJsonMapper implements ExceptionMapper<JsonbException> {
        @Override
        public Response toResponse(JsonbException e) {
            return ErrorBody.of(400, "invalid-input", "invalid JSON body: " + rootMessage(e));
        }
    }

    @Provider
    public static class MalformedJsonMapper implements ExceptionMapper<JsonException> {
        @Override
        public Response toResponse(JsonException e) {
            return ErrorBody.of(400, "invalid-input", "invalid JSON body: " + rootMessage(e));
        }
    }

    /** Reading the body failed (the JSON-B provider wraps its errors in this). */
    @Provider
    public static class ProcessingMapper implements ExceptionMapper<ProcessingException> {
        @Override
        public Response toResponse(ProcessingException e) {
            return ErrorBody.of(400, "invalid-input", "invalid JSON body: " + rootMessage(e));
        }
    }

    /** What the JAX-RS runtime rejects itself: unknown path (404), wrong method (405), wrong media type (415). */
    @Provider
    public static class WebApplicationMapper implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            Throwable cause = e.getCause();
            if (cause instanceof JsonbException || cause instanceof JsonException || cause instanceof ProcessingException) {
                return ErrorBody.of(400, "invalid-input", "invalid JSON body: " + rootMessage(cause));
            }
            if (status >= 500) {
                return unexpected(e);
            }
            String message = switch (status) {
                case 404 -> "no such resource";
                case 405 -> "method not allowed here";
                case 415 -> "the body must be JSON (Content-Type: application/json)";
                default -> e.getMessage();
            };
            return ErrorBody.of(status, ErrorBody.slug(status), message);
        }
    }

    @Provider
    public static class UnexpectedMapper implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof Rejected rejected) {
                    return ErrorBody.of(rejected);
                }
            }
            return unexpected(e);
        }
    }

    static Response unexpected(Throwable e) {
        return ErrorBody.of(500, "server-error", internalError(e));
    }

    /** Logs an unexpected failure with a fresh reference; returns the message that tells the caller where to look. */
    public static String internalError(Throwable e) {
        String reference = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "request failed (reference " + reference + ")", e);
        return "internal error; the server log has the details under reference " + reference;
    }

    /**
     * The most telling message of a parse failure: the one that names the property (JSON-B
     * says "Unable to deserialize property 'owner_id' ..."), else the innermost one.
     */
    public static String rootMessage(Throwable e) {
        String chosen = null;
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String message = cause.getMessage();
            if (message == null) {
                continue;
            }
            if (message.contains("property '")) {
                chosen = message;
                break;
            }
            chosen = message;
        }
        chosen = chosen == null ? e.getClass().getSimpleName() : chosen;
        return chosen.length() > 300 ? chosen.substring(0, 300) + "..." : chosen;
    }
}
