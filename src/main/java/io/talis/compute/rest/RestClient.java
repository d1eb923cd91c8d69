package io.talis.compute.rest;

import static io.talis.common.SharedJson.JSON;

import io.talis.compute.ProviderException;
import io.talis.engine.PermanentTaskFailure;
import io.talis.engine.TaskContext;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.logging.Logger;

/**
 * The HTTP side of every cloud provider: a bearer token, JSON in and out, and one policy for the
 * ways cloud APIs fail.
 * <ul>
 *   <li>429: waits as long as Retry-After asks (or backs off), then tries again.</li>
 *   <li>5xx, timeouts and broken connections: backs off and tries again, up to
 *       {@link RestTiming#maxTries()}. A POST is not repeated here, because it may have been
 *       carried out before the answer was lost: it fails the attempt, and the provider's next
 *       attempt first looks up what the POST may have made (by idempotency key or name).</li>
 *   <li>401 and 403: fail the task at once ({@link PermanentTaskFailure}) with a "credentials"
 *       message naming the token's config key; another attempt would be rejected as well.</li>
 *   <li>Anything else comes back as a {@link RestResponse} for the caller to judge by status.</li>
 * </ul>
 * Every wait stops when the task must stop. The token is sent only in the Authorization header,
 * only to the configured origin, and is blanked out of any text that reaches a log or an error.
 */
public final class RestClient {

    private static final Logger LOG = Logger.getLogger(RestClient.class.getName());
    private static final long ANSWER_CHECK_MILLIS = 200;
    private static final int MAX_ERROR_CHARS = 300;
    private static final int MAX_PAGES = 1000;

    private final String provider;
    private final URI base;
    private final String token;
    private final String tokenKey;
    private final RestTiming timing;
    private final IntConsumer answers;
    private final HttpClient http;

    /**
     * @param provider the provider's name in messages
     * @param base     the API's base URL; request paths are appended to it
     * @param tokenKey the config key of the token, named when the provider rejects it
     * @param answers  hears the HTTP status of every answer (0 when none came), for statistics
     */
    public RestClient(String provider, URI base, String token, String tokenKey, RestTiming timing, IntConsumer answers) {
        this.provider = provider;
        this.base = URI.create(base.toString().replaceAll("/+$", ""));
        this.token = token;
        this.tokenKey = tokenKey;
        this.timing = timing;
        this.answers = answers;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timing.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** GET of a path below the base URL, or of an absolute link the API returned (a next page). */
    public RestResponse get(String pathOrLink, TaskContext task) throws ProviderException {
        return exchange("GET", resolve(pathOrLink), null, task);
    }

    public RestResponse post(String path, JsonObject body, TaskContext task) throws ProviderException {
        return exchange("POST", resolve(path), body, task);
    }

    public RestResponse delete(String path, TaskContext task) throws ProviderException {
        return exchange("DELETE", resolve(path), null, task);
    }

    /**
     * Every item of a paged collection: the objects in {@code itemsField} of the first page and of
     * each page {@code nextLink} finds in the one before.
     */
    public List<JsonObject> getAll(String path, String itemsField, Function<JsonObject, Optional<String>> nextLink,
                                   TaskContext task) throws ProviderException {
        List<JsonObject> items = new ArrayList<>();
        Set<String> visited = new HashSet<>();
        Optional<String> page = Optional.of(path);
        while (page.isPresent()) {
            if (!visited.add(page.get()) || visited.size() > MAX_PAGES) {
                throw new ProviderException(0, provider + ": the pages of " + path + " do not end (at " + page.get() + ")");
            }
            JsonObject body = get(page.get(), task).require();
            JsonArray pageItems = body.containsKey(itemsField) && body.get(itemsField) instanceof JsonArray array
                    ? array : JsonValue.EMPTY_JSON_ARRAY;
            items.addAll(pageItems.getValuesAs(JsonObject.class));
            page = nextLink.apply(body).filter(link -> !link.isBlank());
        }
        return items;
    }

    private RestResponse exchange(String method, URI uri, JsonObject body, TaskContext task) throws ProviderException {
        String request = provider + " " + method + " " + pathOf(uri);
        boolean repeatable = !"POST".equals(method);
        for (int tries = 1; ; tries++) {
            HttpResponse<String> response;
            try {
                response = send(httpRequest(method, uri, body), task);
            } catch (IOException e) {
                answers.accept(0);
                String failure = request + " failed: " + redact(oneLine(e));
                if (!repeatable || tries >= timing.maxTries()) {
                    throw new ProviderException(0, failure + triesNote(tries, repeatable));
                }
                pause(task, backoff(tries), failure);
                continue;
            }
            int status = response.statusCode();
            answers.accept(status);
            String error = status >= 400 ? errorText(response.body()) : "";
            if (status == 401 || status == 403) {
                throw new PermanentTaskFailure(provider + " rejected the credentials (HTTP " + status + " for "
                        + method + " " + pathOf(uri) + "); check " + tokenKey);
            }
            if (status == 429 || status >= 500) {
                String failure = request + " answered HTTP " + status + (error.isEmpty() ? "" : ": " + error);
                boolean retry = (status == 429 || repeatable) && tries < timing.maxTries();
                if (!retry) {
                    throw new ProviderException(status, failure + triesNote(tries, repeatable || status == 429));
                }
                Duration backoff = backoff(tries);
                Duration wait = status == 429
                        ? retryAfter(response.headers().firstValue("Retry-After").orElse(null), Instant.now())
                                .map(this::capRetryAfter).orElse(backoff)
                        : backoff;
                pause(task, wait, failure);
                continue;
            }
            return new RestResponse(request, status, json(response.body()), error);
        }
    }

    private HttpRequest httpRequest(String method, URI uri, JsonObject body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(timing.requestTimeout())
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .header("User-Agent", "talis");
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return builder.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    /** Sends and waits for the answer, but gives up waiting as soon as the task must stop. */
    private HttpResponse<String> send(HttpRequest request, TaskContext task) throws IOException {
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            while (true) {
                try {
                    return pending.get(ANSWER_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillWaiting) {
                    task.checkpoint();
                }
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the answer");
        } finally {
            pending.cancel(true);
        }
    }

    private void pause(TaskContext task, Duration wait, String failure) {
        String line = failure + "; trying again in " + wait.toMillis() + " ms";
        LOG.warning(() -> "task " + task.taskId() + " attempt " + task.attempt() + " on node " + task.node() + ": " + line);
        task.log(line);
        task.sleep(wait);
    }

    private Duration backoff(int tries) {
        long longest = timing.longestBackoff().toMillis();
        long full = Math.min(longest, timing.firstBackoff().toMillis() << Math.min(tries - 1, 20));
        return Duration.ofMillis(full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1));
    }

    private Duration capRetryAfter(Duration asked) {
        return asked.compareTo(timing.longestRetryAfter()) > 0 ? timing.longestRetryAfter() : asked;
    }

    /** Retry-After as delay-seconds or an HTTP date (RFC 9110); empty when absent or unreadable. */
    static Optional<Duration> retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(header.strip()))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(header.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration until = Duration.between(now, at);
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    /**
     * Paths go below the base URL. An absolute link (a next page) is followed on the base URL's
     * origin whatever host it names, so the token never travels to another host.
     */
    private URI resolve(String pathOrLink) {
        if (!pathOrLink.startsWith("http://") && !pathOrLink.startsWith("https://")) {
            return URI.create(base + (pathOrLink.startsWith("/") ? "" : "/") + pathOrLink);
        }
        URI link = URI.create(pathOrLink);
        if (link.getScheme().equals(base.getScheme()) && link.getAuthority().equals(base.getAuthority())) {
            return link;
        }
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + pathOf(link));
    }

    private static String pathOf(URI uri) {
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    private static String triesNote(int tries, boolean repeatable) {
        return repeatable ? " (gave up after " + tries + (tries == 1 ? " try)" : " tries)")
                : " (a POST is not repeated blindly; the next attempt looks up what it may have made)";
    }

    private static JsonObject json(String text) {
        if (text == null || text.isBlank()) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            return reader.readValue() instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
        } catch (JsonException notJson) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
    }

    /** The message of an error body ({@code message} as DigitalOcean sends it, or a common variant), short and redacted. */
    private String errorText(String body) {
        JsonObject json = json(body);
        String text = body == null ? "" : body;
        for (String field : List.of("message", "msg", "error", "errors")) {
            JsonValue value = json.get(field);
            if (value instanceof JsonString string) {
                text = string.getString();
                break;
            }
            if (value != null && value.getValueType() != JsonValue.ValueType.NULL) {
                text = value.toString();
                break;
            }
        }
        String line = redact(text).replaceAll("\\s+", " ").strip();
        return line.length() > MAX_ERROR_CHARS ? line.substring(0, MAX_ERROR_CHARS) + "..." : line;
    }

    private String redact(String text) {
        return token.isEmpty() ? text : text.replace(token, "[token]");
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
