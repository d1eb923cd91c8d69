package io.talis.launch;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Talis running on Payara Micro in its own process, as users run it: the WAR deployed at the
 * root context, configuration passed as system properties (MicroProfile Config reads them above
 * environment variables), the boot commands of {@code server-config/}. Used by the run command,
 * the multi-process tests and the benchmarks.
 */
public final class PayaraMicroProcess implements AutoCloseable {

    /** The boot command file in server-config/ (also named by arquillian.xml and the Dockerfile). */
    public static final String BOOT_COMMANDS = "pre-boot-commands.asadmin";

    private final Process process;
    private final int port;

    private PayaraMicroProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Builder builder(Path microJar, Path war) {
        return new Builder(microJar, war);
    }

    public static final class Builder {
        private final Path microJar;
        private final Path war;
        private int port = 8080;
        private Path bootCommands;
        private final Map<String, String> config = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private Path log;

        private Builder(Path microJar, Path war) {
            this.microJar = microJar;
            this.war = war;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Runs the boot commands of {@code serverConfig} (the project's server-config folder) before the server starts. */
        public Builder serverConfig(Path serverConfig) {
            this.bootCommands = serverConfig.resolve(BOOT_COMMANDS);
            return this;
        }

        /** A MicroProfile Config value for the server (a system property of its JVM). */
        public Builder config(String key, String value) {
            config.put(key, value);
            return this;
        }

        public Builder config(Map<String, String> values) {
            config.putAll(values);
            return this;
        }

        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        public Builder jvmOptions(List<String> options) {
            jvmOptions.addAll(options);
            return this;
        }

        /** Writes the server's output to this file; without it, the output goes to ours. */
        public Builder log(Path file) {
            this.log = file;
            return this;
        }

        public PayaraMicroProcess start() throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            config.forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.addAll(List.of("-jar", microJar.toString(),
                    "--deploy", war.toString(),
                    "--contextroot", "/",
                    "--port", String.valueOf(port),
                    "--nocluster",
                    "--disablephonehome"));
            if (bootCommands != null) {
                command.addAll(List.of("--prebootcommandfile", bootCommands.toString()));
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (log == null) {
                builder.inheritIO();
            } else {
                File file = log.toFile();
                file.getParentFile().mkdirs();
                builder.redirectOutput(ProcessBuilder.Redirect.appendTo(file));
            }
            return new PayaraMicroProcess(builder.start(), port);
        }
    }

    public URI baseUri() {
        return URI.create("http://localhost:" + port + "/");
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until Talis answers {@code GET /health}; fails if the process dies or time runs out. */
    public PayaraMicroProcess awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(baseUri().resolve("health")).timeout(Duration.ofSeconds(30)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Payara Micro exited with code " + process.exitValue() + " before it was ready");
            }
            try {
                HttpResponse<String> answer = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains("healthy")) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IOException("Payara Micro was not ready after " + timeout.toSeconds() + " s");
    }

    /** Asks the server to stop (SIGTERM: a graceful shutdown) and waits for it; returns its exit code. */
    public int stop(Duration timeout) throws InterruptedException {
        requestStop();
        return awaitExit(timeout);
    }

    /** Sends SIGTERM and returns at once; the server drains its tasks, then exits. */
    public void requestStop() {
        process.destroy();
    }

    /** Waits for the process to exit, killing it if it takes longer than {@code timeout}; returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        return process.exitValue();
    }

    /** Kills the server at once (SIGKILL), as a crash or power loss would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(60));
        }
    }
}
