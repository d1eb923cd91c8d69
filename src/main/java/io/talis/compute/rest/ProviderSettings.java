package io.talis.compute.rest;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Timing shared by the real cloud providers: HTTP request timeout and how waits poll. */
@ApplicationScoped
public class ProviderSettings {

    /** Waits poll at most this far apart, whatever the first interval. */
    private static final Duration LONGEST_POLL_PAUSE = Duration.ofSeconds(15);

    @Inject
    @ConfigProperty(name = "PROVIDER_HTTP_TIMEOUT_SECONDS")
    int httpTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "PROVIDER_WAIT_TIMEOUT_SECONDS")
    int waitTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "PROVIDER_POLL_INTERVAL_MS")
    long pollIntervalMillis;

    @PostConstruct
    void validate() {
        if (httpTimeoutSeconds < 1 || waitTimeoutSeconds < 1 || pollIntervalMillis < 1) {
            throw new IllegalArgumentException("PROVIDER_HTTP_TIMEOUT_SECONDS, PROVIDER_WAIT_TIMEOUT_SECONDS and"
                    + " PROVIDER_POLL_INTERVAL_MS must be positive");
        }
    }

    public RestTiming timing() {
        return RestTiming.standard(Duration.ofSeconds(httpTimeoutSeconds));
    }

    public Polling polling() {
        Duration first = Duration.ofMillis(pollIntervalMillis);
        return new Polling(first, first.compareTo(LONGEST_POLL_PAUSE) > 0 ? first : LONGEST_POLL_PAUSE,
                Duration.ofSeconds(waitTimeoutSeconds));
    }
}
