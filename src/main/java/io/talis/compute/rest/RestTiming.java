package io.talis.compute.rest;

import java.time.Duration;

/**
 * How long one HTTP request may take and how {@link RestClient} retries: up to {@code maxTries}
 * tries per request, pausing {@code firstBackoff} doubling to {@code longestBackoff} (jittered),
 * or as long as a 429's Retry-After asks, but never longer than {@code longestRetryAfter}.
 */
public record RestTiming(Duration requestTimeout, int maxTries, Duration firstBackoff, Duration longestBackoff,
                         Duration longestRetryAfter) {

    public RestTiming {
        if (maxTries < 1) {
            throw new IllegalArgumentException("maxTries must be at least 1");
        }
    }

    /** The production policy with the given request timeout. */
    public static RestTiming standard(Duration requestTimeout) {
        return new RestTiming(requestTimeout, 5, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(5));
    }
}
