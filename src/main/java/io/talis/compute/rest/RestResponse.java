package io.talis.compute.rest;

import io.talis.compute.ProviderException;
import jakarta.json.JsonObject;

/**
 * A provider's answer that {@link RestClient} hands back rather than retries: any 2xx, and the
 * 4xx statuses a caller may expect (404 for a missing machine, 409 or 422 for a conflict).
 * Callers decide from {@link #status()}, never from the error text.
 */
public record RestResponse(String request, int status, JsonObject body, String error) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    public boolean notFound() {
        return status == 404;
    }

    /** The body of a successful answer; any other answer becomes a (retryable) ProviderException. */
    public JsonObject require() throws ProviderException {
        if (!ok()) {
            throw failure();
        }
        return body;
    }

    /** This answer as the error it is when it was not the one expected. */
    public ProviderException failure() {
        return new ProviderException(status, request + " answered HTTP " + status + (error.isEmpty() ? "" : ": " + error));
    }
}
