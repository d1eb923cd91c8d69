package io.talis.engine;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: after attempt n the delay is drawn uniformly from
 * [d/2, d] where d = min(max, base * 2^(n-1)). The jitter spreads the retries of tasks that
 * failed together (a provider outage) so they do not all come back at the same instant.
 */
public final class RetryPolicy {

    private final Duration base;
    private final Duration max;

    public RetryPolicy(Duration base, Duration max) {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("retry delays must satisfy 0 < base <= max, got " + base + " and " + max);
        }
        this.base = base;
        this.max = max;
    }

    /** The delay before the attempt that follows failed attempt {@code attempt} (1-based). */
    public Duration delayAfter(int attempt) {
        long ceiling = ceilingMillis(attempt);
        long half = ceiling / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }

    /** The largest delay {@link #delayAfter} can return for this attempt. */
    long ceilingMillis(int attempt) {
        int doublings = Math.min(Math.max(attempt - 1, 0), 30);
        long exponential = base.toMillis() << doublings;
        return exponential <= 0 ? max.toMillis() : Math.min(max.toMillis(), exponential);
    }
}
