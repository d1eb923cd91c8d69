package io.talis.compute.simulated;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** How the simulated cloud behaves: the latency of each call and the share of calls that fail. */
@ApplicationScoped
public class SimulatedCloudSettings {

    @Inject
    @ConfigProperty(name = "SIMULATED_PROVIDER_LATENCY_MS")
    long latencyMillis;

    @Inject
    @ConfigProperty(name = "SIMULATED_PROVIDER_FAILURE_RATE")
    double failureRate;

    @PostConstruct
    void validate() {
        if (latencyMillis < 0) {
            throw new IllegalArgumentException("SIMULATED_PROVIDER_LATENCY_MS must not be negative");
        }
        if (failureRate < 0 || failureRate > 1) {
            throw new IllegalArgumentException("SIMULATED_PROVIDER_FAILURE_RATE must be between 0 and 1, got " + failureRate);
        }
    }

    public Duration latency() {
        return Duration.ofMillis(latencyMillis);
    }

    public double failureRate() {
        return failureRate;
    }
}
