package io.talis.testing;

import io.talis.launch.PayaraMicroProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Talis servers started as separate Payara Micro processes, for the tests about processes:
 * several nodes on one database, crashes, stops. Each writes its log to
 * {@code target/it-logs/<test>-<node>.log}; whatever still runs at the end is killed.
 */
public final class TalisServers implements AutoCloseable {

    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(2);

    private final String testName;
    private final Path war;
    private final List<PayaraMicroProcess> started = new ArrayList<>();
    private final Set<String> nodes = new HashSet<>();

    public TalisServers(String testName, Path war) {
        this.testName = testName;
        this.war = war;
    }

    /** Starts node {@code node} with this configuration, without waiting for it to be ready. */
    public PayaraMicroProcess start(String node, Map<String, String> config) {
        return start(node, config, List.of());
    }

    /** The same, with extra JVM options (e.g. to open a remote JMX port). */
    public PayaraMicroProcess start(String node, Map<String, String> config, List<String> jvmOptions) {
        try {
            if (nodes.add(node)) {
                Files.deleteIfExists(log(node));
            }
            PayaraMicroProcess server = PayaraMicroProcess.builder(TalisDeployment.microJar(), war)
                    .port(freePort())
                    .serverConfig(TalisDeployment.serverConfig())
                    .jvmOption("-Xmx384m")
                    .jvmOption("-XX:+UseSerialGC")
                    .jvmOptions(jvmOptions)
                    .config(config)
                    .config("TALIS_NODE_ID", node)
                    .log(log(node))
                    .start();
            started.add(server);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public PayaraMicroProcess startReady(String node, Map<String, String> config) throws Exception {
        return startReady(node, config, List.of());
    }

    /**
     * Starts a node and waits until it serves requests. A boot that fails is tried once more:
     * on a loaded machine Payara Micro now and then comes up without its HTTP listener.
     */
    public PayaraMicroProcess startReady(String node, Map<String, String> config, List<String> jvmOptions) throws Exception {
        PayaraMicroProcess first = start(node, config, jvmOptions);
        try {
            return first.awaitReady(BOOT_TIMEOUT);
        } catch (IOException failedBoot) {
            first.kill();
            System.err.println("node " + node + " did not boot (" + failedBoot.getMessage() + "); trying once more");
            return start(node, config, jvmOptions).awaitReady(BOOT_TIMEOUT);
        }
    }

    public Path log(String node) {
        return Path.of("target", "it-logs", testName + "-" + node + ".log");
    }

    public String logText(String node) throws IOException {
        Path file = log(node);
        return Files.exists(file) ? Files.readString(file) : "";
    }

    @Override
    public void close() throws InterruptedException {
        for (PayaraMicroProcess server : started) {
            if (server.isAlive()) {
                server.kill();
            }
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
