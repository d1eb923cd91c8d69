package io.talis.ops;

import io.talis.engine.Dispatcher;
import io.talis.engine.EngineSettings;
import io.talis.persistence.SchemaMigrations;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * MicroProfile Health checks. Live: the dispatcher's timer keeps firing (a node whose timer died
 * claims nothing and should be restarted). Ready: the database answers, the schema is migrated,
 * and the node is not stopping.
 */
public final class Probes {

    private Probes() {
    }

    @Liveness
    @ApplicationScoped
    public static class DispatcherAlive implements HealthCheck {

        /** A timer that missed this many polls (and at least 10 s) is dead. */
        private static final int MISSED_POLLS = 5;
        private final Instant startedAt = Instant.now();

        @EJB
        Dispatcher dispatcher;

        @Inject
        EngineSettings settings;

        @Override
        public HealthCheckResponse call() {
            Duration allowed = settings.pollInterval().multipliedBy(MISSED_POLLS);
            allowed = allowed.compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofSeconds(10) : allowed;
            Instant last = dispatcher.lastTickAt() == null ? startedAt : dispatcher.lastTickAt();
            Duration since = Duration.between(last, Instant.now());
            return HealthCheckResponse.named("dispatcher")
                    .status(since.compareTo(allowed) <= 0 || dispatcher.isStopping())
                    .withData("last_tick_ms_ago", since.toMillis())
                    .withData("workers", dispatcher.workerCount())
                    .withData("paused", dispatcher.isPaused())
                    .build();
        }
    }

    @Readiness
    @ApplicationScoped
    public static class DatabaseReady implements HealthCheck {

        @Resource(lookup = io.talis.persistence.Database.JNDI_NAME)
        DataSource dataSource;

        @EJB
        SchemaMigrations migrations;

        @EJB
        Dispatcher dispatcher;

        @Override
        public HealthCheckResponse call() {
            var response = HealthCheckResponse.named("database").withData("schema_version", migrations.version());
            if (dispatcher.isStopping()) {
                return response.down().withData("reason", "stopping").build();
            }
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement applied = connection.prepareStatement(
                         "SELECT count(*) FROM flyway_schema_history WHERE version = ? AND success")) {
                applied.setString(1, migrations.version());
                try (ResultSet rows = applied.executeQuery()) {
                    boolean migrated = rows.next() && rows.getLong(1) == 1;
                    return response.status(migrated).withData("reason", migrated ? "ok" : "schema not migrated").build();
                }
            } catch (SQLException e) {
                return response.down().withData("reason", "database unreachable: " + e.getMessage()).build();
            }
        }
    }
}
