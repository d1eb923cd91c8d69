package io.talis.compute.rest;

import io.talis.common.RequiredConfig;
import io.talis.compute.ProviderStatistics;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** What the real cloud providers share: their HTTP client, its request timeout, and how waits poll. */
@ApplicationScoped
public class ProviderSettings {

    /** Waits poll at most this far apart, whatever the first interval. */
    private static final Duration LONGEST_POLL_PAUSE = Duration.ofSeconds(15);

    @Inject
    ProviderStatistics statistics;

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

    /**
     * The client of a provider's API, from its URL and token keys; a task fails naming a key that
     * is missing. Its answers are counted under the provider's {@code family}.
     */
    public RestClient client(String provider, String family, Optional<String> url, String urlKey, Optional<String> token,
                             String tokenKey) {
        return new RestClient(provider, RequiredConfig.url(url, urlKey), RequiredConfig.text(token, tokenKey), tokenKey,
                RestTiming.standard(Duration.ofSeconds(httpTimeoutSeconds)), statistics.of(family)::answered);
    }

    public Polling polling() {
        Duration first = Duration.ofMillis(pollIntervalMillis);
        return new Polling(first, first.compareTo(LONGEST_POLL_PAUSE) > 0 ? first : LONGEST_POLL_PAUSE,
                Duration.ofSeconds(waitTimeoutSeconds));
    }
}
