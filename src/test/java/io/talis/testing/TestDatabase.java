package io.talis.testing;

import io.talis.launch.EmbeddedDatabase;
import io.talis.persistence.SchemaMigrations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL server of the tests: the one at TALIS_TEST_DB_URL (a maintenance database such
 * as {@code jdbc:postgresql://host:5432/postgres}, with TALIS_TEST_DB_USER and
 * TALIS_TEST_DB_PASSWORD; the user must be allowed to create databases), or else an embedded
 * server started once per test JVM. Every test class gets a database of its own, migrated.
 */
public final class TestDatabase {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static Server server;

    private final String url;
    private final String user;
    private final String password;
    private final PGSimpleDataSource dataSource;

    private TestDatabase(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(user);
        dataSource.setPassword(password);
    }

    /** A new, empty, migrated database named after {@code purpose}. */
    public static TestDatabase fresh(String purpose) {
        Server shared = server();
        String name = "talis_" + purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
                + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection connection = shared.admin.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name + " at " + shared.adminUrl, e);
        }
        TestDatabase database = new TestDatabase(shared.urlOf(name), shared.user, shared.password);
        SchemaMigrations.apply(database.dataSource(), TestDatabase.class.getClassLoader());
        return database;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Sql sql() {
        return new Sql(dataSource);
    }

    public String url() {
        return url;
    }

    /** The server's configuration keys that point Talis at this database. */
    public Map<String, String> serverConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("DB_URL", url);
        config.put("DB_USER", user);
        config.put("DB_PASSWORD", password.isEmpty() ? "unused" : password);
        return config;
    }

    private static synchronized Server server() {
        if (server == null) {
            server = Optional.ofNullable(System.getenv("TALIS_TEST_DB_URL")).filter(url -> !url.isBlank())
                    .map(url -> new Server(url, env("TALIS_TEST_DB_USER", "postgres"), env("TALIS_TEST_DB_PASSWORD", ""), null))
                    .orElseGet(TestDatabase::embedded);
        }
        return server;
    }

    private static Server embedded() {
        try {
            EmbeddedDatabase embedded = EmbeddedDatabase.start(null);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the temporary data folder goes with it
                }
            }, "test-database-stop"));
            return new Server(embedded.jdbcUrl("postgres"), EmbeddedDatabase.USER, "", embedded);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL for the tests", e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** The server all test databases live on. */
    private static final class Server {
        final String adminUrl;
        final String user;
        final String password;
        final PGSimpleDataSource admin;
        final EmbeddedDatabase embedded;

        Server(String adminUrl, String user, String password, EmbeddedDatabase embedded) {
            this.adminUrl = adminUrl;
            this.user = user;
            this.password = password;
            this.embedded = embedded;
            admin = new PGSimpleDataSource();
            admin.setUrl(adminUrl);
            admin.setUser(user);
            admin.setPassword(password);
        }

        String urlOf(String database) {
            int slash = adminUrl.indexOf('/', "jdbc:postgresql://".length());
            int query = adminUrl.indexOf('?', slash);
            return adminUrl.substring(0, slash + 1) + database + (query >= 0 ? adminUrl.substring(query) : "");
        }
    }
}
