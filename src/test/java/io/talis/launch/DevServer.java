package io.talis.launch;

import io.talis.owner.ApiKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The run command ({@code mvn -Prun package}): Talis on Payara Micro at
 * http://localhost:8080 (TALIS_HTTP_PORT), with an embedded PostgreSQL whose data is kept in
 * {@code .talis-data/postgres}, or the database of DB_URL when it is set. Ctrl-C stops the server
 * gracefully (running tasks finish or are released), then the database. TALIS_JVM_OPTIONS adds
 * options to the server's JVM (e.g. remote JMX).
 */
public final class DevServer {

    private DevServer() {
    }

    public static void main(String[] args) throws Exception {
        Path microJar = Path.of(System.getProperty("payara.microJar"));
        Path war = Path.of(System.getProperty("talis.war"));
        Path serverConfig = Path.of(System.getProperty("talis.serverConfig"));
        Path dataDir = Path.of(System.getProperty("talis.dataDir"));
        int port = Integer.parseInt(env("TALIS_HTTP_PORT").orElse("8080"));

        EmbeddedDatabase database = null;
        PayaraMicroProcess.Builder server = PayaraMicroProcess.builder(microJar, war)
                .jvmOptions(env("TALIS_JVM_OPTIONS").map(options -> List.of(options.trim().split("\\s+"))).orElse(List.of()))
                .port(port)
                .serverConfig(serverConfig);
        String where;
        if (env("DB_URL").isPresent()) {
            where = env("DB_URL").get() + " (DB_URL)";
        } else {
            database = EmbeddedDatabase.start(dataDir.resolve("postgres"));
            database.ensureDatabase("talis");
            server.config("DB_URL", database.jdbcUrl("talis"))
                    .config("DB_USER", EmbeddedDatabase.USER)
                    .config("DB_PASSWORD", EmbeddedDatabase.USER);
            where = "embedded PostgreSQL on port " + database.port() + ", data in " + dataDir.resolve("postgres");
        }
        String adminKey = env("TALIS_ADMIN_API_KEY").orElse(null);
        if (adminKey == null) {
            adminKey = devSecret(dataDir.resolve("admin-api-key"));
            server.config("TALIS_ADMIN_API_KEY", adminKey);
        }
        // Webhooks may go anywhere in development; production names its hosts (README).
        String webhookSecret = env("WEBHOOK_SIGNING_SECRET").orElse(null);
        if (webhookSecret == null) {
            webhookSecret = devSecret(dataDir.resolve("webhook-signing-secret"));
            server.config("WEBHOOK_SIGNING_SECRET", webhookSecret);
        }
        if (env("WEBHOOK_ALLOWED_HOSTS").isEmpty()) {
            server.config("WEBHOOK_ALLOWED_HOSTS", "*");
        }
        PayaraMicroProcess running = server.start();
        EmbeddedDatabase started = database;
        Thread stopper = new Thread(() -> stop(running, started), "talis-dev-server-stop");
        Runtime.getRuntime().addShutdownHook(stopper);

        running.awaitReady(Duration.ofMinutes(3));
        System.out.println();
        System.out.println("Talis is running at " + running.baseUri() + "  (database: " + where + ")");
        System.out.println("Administrator API key: " + adminKey);
        System.out.println("Webhook signing secret (HMAC-SHA256, header X-Talis-Signature): " + webhookSecret);
        System.out.println("Try: curl -H 'apikey: " + adminKey + "' " + running.baseUri() + "api/v1/instances     Stop: Ctrl-C");
        System.out.println();
        int exit = running.waitFor();
        System.out.println("Payara Micro exited with code " + exit);
    }

    private static void stop(PayaraMicroProcess server, EmbeddedDatabase database) {
        try {
            // Payara Micro got the Ctrl-C too and is draining its tasks; wait for it before the database goes.
            server.stop(Duration.ofMinutes(2));
            if (database != null) {
                database.close();
            }
        } catch (Exception e) {
            System.err.println("stopping Talis: " + e);
        }
    }

    /** A dev secret: made once, kept with the dev data so it stays the same across restarts. */
    private static String devSecret(Path file) throws java.io.IOException {
        if (Files.exists(file)) {
            return Files.readString(file).strip();
        }
        String key = ApiKeys.generate();
        Files.createDirectories(file.getParent());
        Files.writeString(file, key + "\n");
        return key;
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank());
    }
}
