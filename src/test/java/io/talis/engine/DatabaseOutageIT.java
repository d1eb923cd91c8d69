package io.talis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.talis.launch.EmbeddedDatabase;
import io.talis.launch.PayaraMicroProcess;
import io.talis.persistence.SchemaMigrations;
import io.talis.testing.Fixtures;
import io.talis.testing.Sql;
import io.talis.testing.TalisClient;
import io.talis.testing.TalisDeployment;
import io.talis.testing.TalisServers;
import io.talis.testing.Tasks;
import io.talis.testing.work.ScriptedWorkHandler;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The database goes away for a while: the node keeps its log short, reports itself not ready
 * (yet alive), loses no task, and resumes by itself when the database is back. Uses a
 * PostgreSQL of its own, which it stops and starts.
 */
class DatabaseOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(15);

    @Test
    void aNodeRidesOutADatabaseOutageWithoutFloodingItsLogOrLosingATask() throws Exception {
        Path data = Files.createTempDirectory("talis-outage-db");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        EmbeddedDatabase postgres = EmbeddedDatabase.start(data, port);
        postgres.ensureDatabase("talis");
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.jdbcUrl("talis"));
        dataSource.setUser(EmbeddedDatabase.USER);
        SchemaMigrations.apply(dataSource, getClass().getClassLoader());
        Sql sql = new Sql(dataSource);
        Fixtures fixtures = new Fixtures(sql);
        Tasks tasks = new Tasks(sql);
        Path war = TalisDeployment.export(TalisDeployment.war(Map.of(
                "DB_URL", postgres.jdbcUrl("talis"), "DB_USER", EmbeddedDatabase.USER, "DB_PASSWORD", "unused",
                "TASK_POLL_INTERVAL_MS", "200", "TASK_LEASE_SECONDS", "6")), Path.of("target", "outage-test.war"));

        try (TalisServers servers = new TalisServers("outage", war)) {
            PayaraMicroProcess node = servers.startReady("node-a", Map.of());
            long before = fixtures.task(ScriptedWorkHandler.ACTION, "{\"sleep_ms\": 100}");
            tasks.awaitStatus(before, "completed", Duration.ofSeconds(10));
            long caught = fixtures.task(ScriptedWorkHandler.ACTION, "{\"sleep_ms\": 3000, \"steps\": 6}");
            tasks.awaitStatus(caught, "running", Duration.ofSeconds(10));

            TalisClient http = new TalisClient(node.baseUri(), null);
            assertThat(http.get("health/ready").status()).isEqualTo(200);
            long logBefore = Files.size(servers.log("node-a"));
            postgres.close();
            Thread.sleep(OUTAGE.toMillis() / 2);
            TalisClient.Reply ready = http.get("health/ready");
            assertThat(ready.status()).as("not ready without its database").isEqualTo(503);
            assertThat(ready.text()).contains("database unreachable");
            assertThat(http.get("health/live").status()).as("yet alive: no restart needed").isEqualTo(200);
            assertThat(http.get("metrics", "text/plain").text()).contains("talis_workers");
            Thread.sleep(OUTAGE.toMillis() / 2);
            String outageLog = servers.logText("node-a").substring((int) logBefore);
            postgres = EmbeddedDatabase.start(data, port);

            assertThat(node.isAlive()).isTrue();
            long records = outageLog.lines().filter(line -> line.startsWith("[20")).count();
            assertThat(records).as("log records written during a 15 s outage:\n" + outageLog).isLessThan(40);
            assertThat(outageLog.lines().filter(line -> line.startsWith("\tat ")).count())
                    .as("stack trace lines in the outage log").isZero();
            assertThat(outageLog).contains("claiming tasks failed");

            long after = fixtures.task(ScriptedWorkHandler.ACTION, "{\"sleep_ms\": 100}");
            tasks.awaitStatus(after, "completed", Duration.ofSeconds(60));
            tasks.awaitStatus(caught, "completed", Duration.ofSeconds(60));
            assertThat(servers.logText("node-a")).contains("database reachable again");
            assertThat(http.get("health/ready").status()).isEqualTo(200);
        } finally {
            postgres.close();
        }
    }
}
