package io.talis.common;

import io.talis.engine.PermanentTaskFailure;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Reads configuration that only some tasks need (a cloud's token, the SSH key). Such keys are
 * optional at deployment, so the service starts with only the simulated cloud configured; a task
 * that needs a missing or malformed one fails at once, naming the key, instead of being retried.
 */
public final class RequiredConfig {

    private RequiredConfig() {
    }

    public static String text(Optional<String> value, String key) {
        return value.map(String::strip).filter(text -> !text.isEmpty())
                .orElseThrow(() -> new PermanentTaskFailure(key + " is not set"));
    }

    public static long positiveNumber(Optional<String> value, String key) {
        String text = text(value, key);
        try {
            long number = Long.parseLong(text);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // reported below, with the key
        }
        throw new PermanentTaskFailure(key + " must be a positive whole number, got '" + text + "'");
    }

    /** An absolute http(s) URL. */
    public static URI url(Optional<String> value, String key) {
        String text = text(value, key);
        try {
            URI url = new URI(text);
            if (("http".equals(url.getScheme()) || "https".equals(url.getScheme())) && url.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException ignored) {
            // reported below, with the key
        }
        throw new PermanentTaskFailure(key + " must be an http(s) URL, got '" + text + "'");
    }
}
