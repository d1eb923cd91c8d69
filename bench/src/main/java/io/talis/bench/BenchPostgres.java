package io.talis.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.talis.launch.EmbeddedDatabase;
import io.talis.testing.Sql;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The one PostgreSQL of a benchmark run, for both sides: the embedded server of the tests
 * (fsync and synchronous commit on), one fresh database per purpose.
 */
public final class BenchPostgres implements AutoCloseable {

    private final EmbeddedDatabase server;
    private final Sql admin;
    private final long statsSettleMillis;

    private BenchPostgres(EmbeddedDatabase server, long statsSettleMillis) {
        this.server = server;
        this.admin = new Sql(dataSource("postgres"));
        this.statsSettleMillis = statsSettleMillis;
    }

    /**
     * Starts the server. Commit counts are read {@code statsSettleMillis} after a run, so that the
     * backends have reported them (at most every 500 ms on PostgreSQL 14): longer than that for
     * figures that count commits, shorter where the counts are only shown (the smoke version).
     */
    public static BenchPostgres start(long statsSettleMillis) throws IOException {
        return new BenchPostgres(EmbeddedDatabase.start(null), statsSettleMillis);
    }

    /** A new, empty database (dropped first if a previous run left it). */
    public Db fresh(String name) {
        admin.update("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        admin.update("CREATE DATABASE " + name);
        return new Db(name, server.jdbcUrl(name), dataSource(name), statsSettleMillis);
    }

    public int port() {
        return server.port();
    }

    public String version() {
        return admin.text("SHOW server_version");
    }

    /**
     * The server's main process: its backends are its children. Looked up while the asking
     * backend lives (once its connection closed, it had often exited, the lookup found nothing,
     * and every backend was counted as another process's load).
     */
    public long postmasterPid() throws SQLException {
        try (Connection connection = dataSource("postgres").getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
            row.next();
            long backend = row.getLong(1);
            return ProcessHandle.of(backend).flatMap(ProcessHandle::parent).map(ProcessHandle::pid)
                    .orElseThrow(() -> new IllegalStateException("no parent process found for backend " + backend));
        }
    }

    public String setting(String name) {
        return admin.text("SELECT current_setting(?)", name);
    }

    private DataSource dataSource(String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(server.jdbcUrl(database));
        dataSource.setUser(EmbeddedDatabase.USER);
        return dataSource;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /** One database of the run. */
    public record Db(String name, String url, DataSource dataSource, long statsSettleMillis) {

        public Sql sql() {
            return new Sql(dataSource);
        }

        /** The commits this database counted so far (pg_stat_database.xact_commit), once reported. */
        public long commits() {
            BenchRun.pause(statsSettleMillis);
            Sql sql = sql();
            sql.rows("SELECT pg_stat_clear_snapshot()");
            return sql.number("SELECT xact_commit FROM pg_stat_database WHERE datname = ?", name);
        }

        /** Starts the next run from a clean slate: statistics current, dirty pages written. */
        public void settle(String table) {
            sql().update("ANALYZE " + table);
            sql().update("CHECKPOINT");
        }

        /** The server configuration keys that point Talis at this database. */
        public Map<String, String> serverConfig() {
            return Map.of("DB_URL", url, "DB_USER", EmbeddedDatabase.USER, "DB_PASSWORD", "unused");
        }

        public String user() {
            return EmbeddedDatabase.USER;
        }

        /** A connection pool on this database, for the harness's own clients. */
        public HikariDataSource pool(int size) {
            HikariDataSource pool = new HikariDataSource();
            pool.setJdbcUrl(url);
            pool.setUsername(user());
            pool.setMaximumPoolSize(size);
            return pool;
        }
    }
}
