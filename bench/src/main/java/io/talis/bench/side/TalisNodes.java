package io.talis.bench.side;

import io.talis.bench.BenchPostgres;
import io.talis.launch.PayaraMicroProcess;
import io.talis.testing.TalisDeployment;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Talis as users run it: the shipped WAR on Payara Micro in a process of its own, configured
 * through system properties, plus the benchmark-only library with the {@code test_work} handler
 * (no-op or sleeping work; never in the shipped WAR). One node runs at a time; a figure that asks
 * for the configuration already running gets that node back, so figures share boots.
 */
public final class TalisNodes implements AutoCloseable {

    /** A boot: its configuration and how long the process took to answer GET /health. */
    public record Boot(Map<String, String> config, Duration startup) {
    }

    private final Path war;
    private final Path logs;
    private final List<String> jvmFlags;
    private final List<Boot> boots = new ArrayList<>();
    private TalisNode current;
    private Map<String, String> currentConfig;
    private int booted;

    public TalisNodes(Path workDir, List<String> jvmFlags) {
        this.war = TalisDeployment.export(TalisDeployment.war(Map.of()), workDir.resolve("talis-bench.war"));
        this.logs = workDir.resolve("logs");
        this.jvmFlags = jvmFlags;
    }

    /** A running node on {@code database} with this engine configuration (WORKER_COUNT, ...). */
    public TalisNode node(BenchPostgres.Db database, Map<String, String> engineConfig) throws Exception {
        Map<String, String> config = new TreeMap<>(database.serverConfig());
        config.putAll(engineConfig);
        if (current != null && config.equals(currentConfig) && current.process().isAlive()) {
            return current;
        }
        stopCurrent();
        PayaraMicroProcess process = null;
        Duration startup = null;
        // A free port can be taken by another program before the server binds it: then boot again.
        for (int attempt = 1; process == null; attempt++) {
            PayaraMicroProcess.Builder builder = PayaraMicroProcess.builder(TalisDeployment.microJar(), war)
                    .port(freePort())
                    .serverConfig(TalisDeployment.serverConfig())
                    .config(config)
                    .config("TALIS_NODE_ID", "bench-node")
                    .log(logs.resolve("talis-" + (++booted) + ".log"));
            jvmFlags.forEach(builder::jvmOption);
            long started = System.nanoTime();
            PayaraMicroProcess candidate = builder.start();
            try {
                candidate.awaitReady(Duration.ofMinutes(attempt == 1 ? 2 : 4));
                process = candidate;
                startup = Duration.ofNanos(System.nanoTime() - started);
            } catch (IOException notReady) {
                candidate.kill();
                if (attempt == 2) {
                    throw notReady;
                }
            }
        }
        boots.add(new Boot(new LinkedHashMap<>(engineConfig), startup));
        current = new TalisNode(process, database, startup);
        currentConfig = config;
        return current;
    }

    public List<Boot> boots() {
        return List.copyOf(boots);
    }

    public void stopCurrent() throws InterruptedException {
        if (current != null) {
            current.process().stop(Duration.ofSeconds(60));
            current = null;
            currentConfig = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopCurrent();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
