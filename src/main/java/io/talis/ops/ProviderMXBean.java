package io.talis.ops;

/** {@code talis:type=Provider,name=<family>}: one cloud provider as this node uses it. */
public interface ProviderMXBean {

    /** Tasks of this provider running on this node now. */
    int getInFlight();

    /** PROVIDER_&lt;FAMILY&gt;_MAX_CONCURRENCY, or -1 when not capped. */
    int getLimit();

    /** Calls to the provider's API since the node started. */
    long getCalls();

    /** Calls that failed: 5xx answers, or no answer. */
    long getErrors();

    /** Calls answered 429 (rate limited). */
    long getRateLimited();
}
