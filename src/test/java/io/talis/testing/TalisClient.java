package io.talis.testing;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Talks HTTP to a running Talis with an API key, as the Go client does (header {@code apikey}). */
public final class TalisClient {

    /** An answer: its status and its body, parsed when it is JSON. */
    public record Reply(int status, String text) {

        public JsonValue json() {
            try (JsonReader reader = Json.createReader(new StringReader(text))) {
                return reader.readValue();
            }
        }

        public JsonObject object() {
            return json().asJsonObject();
        }

        public JsonArray array() {
            return json().asJsonArray();
        }

        /** The {@code data} of a success envelope (REST {@code slug} or RPC). */
        public JsonValue data() {
            return object().get("data");
        }

        /** The error message of a REST error body or an RPC error envelope. */
        public String error() {
            JsonObject body = object();
            JsonValue error = body.get("error");
            return error.getValueType() == JsonValue.ValueType.OBJECT
                    ? error.asJsonObject().getString("message") : body.getString("error");
        }
    }

    private static final int CONNECT_TRIES = 5;

    // HTTP/1.1 as the Go client speaks it (no h2c upgrade attempts); one client per TalisClient,
    // so that a client the JDK closed after a failure cannot break the tests that follow.
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final URI base;
    private final String apiKey;

    /** A client of the deployment at {@code base}, reached through loopback whatever host the container reported. */
    public TalisClient(URL base, String apiKey) {
        this(URI.create("http://localhost:" + base.getPort() + base.getPath()), apiKey);
    }

    public TalisClient(URI base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
    }

    public TalisClient as(String otherKey) {
        // shares nothing with this client but the address
        return new TalisClient(base, otherKey);
    }

    public Reply get(String path) {
        return send(request(path).GET());
    }

    /** A GET accepting {@code mediaType} instead of JSON (a page, Prometheus text). */
    public Reply get(String path, String mediaType) {
        return send(request(path).setHeader("Accept", mediaType).GET());
    }

    public Reply post(String path, String json) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply delete(String path, String json) {
        return send(request(path).method("DELETE", HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Calls an RPC method the way the Go client does: POST /api/v1, no id. */
    public Reply rpc(String method, String paramsJson) {
        return post("api/v1", "{\"method\": \"" + method + "\", \"params\": " + paramsJson + "}");
    }

    /** Calls an RPC method and returns its data, failing unless it succeeded. */
    public JsonValue rpcData(String method, String paramsJson) {
        Reply reply = rpc(method, paramsJson);
        if (reply.status() != 200 || !reply.object().getBoolean("success")) {
            throw new AssertionError(method + " failed with " + reply.status() + ": " + reply.text());
        }
        return reply.object().getOrDefault("data", JsonValue.NULL);
    }

    /** Sends a request; a connection that could not be opened is tried again (a loaded CI machine), nothing else is. */
    public Reply send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
                return new Reply(response.statusCode(), response.body());
            } catch (ConnectException e) {
                if (attempt == CONNECT_TRIES) {
                    throw new UncheckedIOException(e);
                }
                pause(attempt);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(200L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
        if (apiKey != null) {
            request.header("apikey", apiKey);
        }
        return request;
    }
}
