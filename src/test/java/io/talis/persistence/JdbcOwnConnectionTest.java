package io.talis.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.talis.testing.TestDatabase;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** A connection kept by one writer: reused, healed after it breaks, its session settings its own. */
class JdbcOwnConnectionTest {

    @Test
    void statementsShareOneBackendWhichIsReplacedAfterItBreaks() throws SQLException {
        TestDatabase database = TestDatabase.fresh("own_connection");
        Database configured = new Database();
        configured.url = database.url();
        configured.user = database.serverConfig().get("DB_USER");
        configured.password = database.serverConfig().get("DB_PASSWORD");
        Jdbc pooledStyle = new Jdbc(database.dataSource());

        try (Jdbc own = Jdbc.onOwnConnection(configured.unpooled("talis-test", "-c plan_cache_mode=force_generic_plan"))) {
            int backend = backendOf(own);
            assertThat(backendOf(own)).as("the same connection for the next statement").isEqualTo(backend);
            assertThat(own.single("SHOW plan_cache_mode", row -> row.getString(1), new Object[0]))
                    .contains("force_generic_plan");
            assertThat(pooledStyle.single("SHOW plan_cache_mode", row -> row.getString(1), new Object[0]))
                    .as("other sessions keep the default").contains("auto");

            pooledStyle.single("SELECT pg_terminate_backend(?)", row -> row.getBoolean(1), backend);
            assertThatThrownBy(() -> backendOf(own)).as("the statement on the killed connection").isInstanceOf(SQLException.class);

            int replacement = backendOf(own);
            assertThat(replacement).as("a new connection after the failure").isNotEqualTo(backend);
            assertThat(backendOf(own)).isEqualTo(replacement);
        }
    }

    private static int backendOf(Jdbc jdbc) throws SQLException {
        return jdbc.single("SELECT pg_backend_pid()", row -> row.getInt(1), new Object[0]).orElseThrow();
    }
}
