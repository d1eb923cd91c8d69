package io.talis.engine;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The engine's configuration (MicroProfile Config; defaults in
 * {@code META-INF/microprofile-config.properties}, environment variables override) and the
 * configured engine parts built from it.
 */
@ApplicationScoped
public class EngineSettings {

    @Inject
    @ConfigProperty(name = "WORKER_COUNT")
    int workerCount;

    @Inject
    @ConfigProperty(name = "TASK_POLL_INTERVAL_MS")
    long pollIntervalMillis;

    @Inject
    @ConfigProperty(name = "TASK_LEASE_SECONDS")
    int leaseSeconds;

    @Inject
    @ConfigProperty(name = "TASK_MAX_ATTEMPTS")
    int maxAttempts;

    @Inject
    @ConfigProperty(name = "TASK_RETRY_BASE_MS")
    long retryBaseMillis;

    @Inject
    @ConfigProperty(name = "TASK_RETRY_MAX_MS")
    long retryMaxMillis;

    @Inject
    @ConfigProperty(name = "TASK_SHUTDOWN_GRACE_SECONDS")
    int shutdownGraceSeconds;

    @Inject
    @ConfigProperty(name = "TALIS_NODE_ID")
    Optional<String> configuredNodeId;

    private String nodeId;

    @PostConstruct
    void validate() {
        require(workerCount >= 1, "WORKER_COUNT must be at least 1, got " + workerCount);
        require(pollIntervalMillis >= 100, "TASK_POLL_INTERVAL_MS must be at least 100, got " + pollIntervalMillis);
        require(leaseSeconds >= 3, "TASK_LEASE_SECONDS must be at least 3, got " + leaseSeconds);
        require(maxAttempts >= 1, "TASK_MAX_ATTEMPTS must be at least 1, got " + maxAttempts);
        require(shutdownGraceSeconds >= 0, "TASK_SHUTDOWN_GRACE_SECONDS must not be negative");
        nodeId = configuredNodeId.filter(id -> !id.isBlank()).orElseGet(EngineSettings::hostAndProcess);
    }

    public int workerCount() {
        return workerCount;
    }

    public Duration pollInterval() {
        return Duration.ofMillis(pollIntervalMillis);
    }

    public Duration lease() {
        return Duration.ofSeconds(leaseSeconds);
    }

    /** Leases are renewed three times per lease length. */
    public Duration heartbeatInterval() {
        return lease().dividedBy(3);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration shutdownGrace() {
        return Duration.ofSeconds(shutdownGraceSeconds);
    }

    /** This node's name in {@code tasks.claimed_by}: TALIS_NODE_ID, or host name and process id. */
    public String nodeId() {
        return nodeId;
    }

    @Produces
    @Singleton
    TaskLedger ledger(DataSource dataSource) {
        return new TaskLedger(dataSource, nodeId);
    }

    @Produces
    @Singleton
    RetryPolicy retryPolicy() {
        return new RetryPolicy(Duration.ofMillis(retryBaseMillis), Duration.ofMillis(retryMaxMillis));
    }

    private static String hostAndProcess() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
