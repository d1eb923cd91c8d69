package io.talis.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.talis.launch.PayaraMicroProcess;
import io.talis.testing.Fixtures;
import io.talis.testing.Sql;
import io.talis.testing.TalisDeployment;
import io.talis.testing.TalisServers;
import io.talis.testing.Tasks;
import io.talis.testing.TestDatabase;
import io.talis.testing.work.ScriptedWorkHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A node dies (SIGKILL) with a task in hand: a surviving node takes it over once the lease expires. */
class NodeDeathIT {

    @Test
    void theTaskOfADeadNodeIsRecoveredByALiveOneAfterItsLeaseExpires() throws Exception {
        TestDatabase database = TestDatabase.fresh("nodedeath");
        Sql sql = database.sql();
        sql.update(ScriptedWorkHandler.EXECUTIONS_TABLE);
        Path war = TalisDeployment.export(TalisDeployment.war(database, Map.of()), Path.of("target", "nodedeath-test.war"));
        Map<String, String> config = Map.of("TASK_LEASE_SECONDS", "3", "TASK_POLL_INTERVAL_MS", "200");
        Tasks tasks = new Tasks(sql);

        try (TalisServers servers = new TalisServers("nodedeath", war)) {
            Map<String, PayaraMicroProcess> nodes = Map.of(
                    "node-a", servers.start("node-a", config),
                    "node-b", servers.start("node-b", config));
            for (PayaraMicroProcess node : nodes.values()) {
                node.awaitReady(Duration.ofMinutes(3));
            }

            long id = new Fixtures(sql).task(ScriptedWorkHandler.ACTION, "{\"record\": true, \"sleep_ms\": 4000, \"steps\": 4}");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> sql.number("SELECT count(*) FROM test_executions WHERE task_id = ?", id) == 1);
            String victim = tasks.task(id).get("claimed_by").toString();
            String survivor = victim.equals("node-a") ? "node-b" : "node-a";
            nodes.get(victim).kill();
            long killedAt = System.nanoTime();

            tasks.awaitStatus(id, "completed", Duration.ofSeconds(40));

            Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
            assertThat(takeover).as("lease 3 s, recovery every second, then 4 s of work").isLessThan(Duration.ofSeconds(15));
            Map<String, Object> task = tasks.task(id);
            assertThat(task).containsEntry("attempts", 2).containsEntry("claimed_by", survivor);
            assertThat(task.get("logs").toString()).contains("lease of " + victim + " expired during attempt 1");
            List<Map<String, Object>> executions = sql.rows("SELECT attempt, node FROM test_executions WHERE task_id = ? ORDER BY attempt", id);
            assertThat(executions).extracting(row -> row.get("node")).containsExactly(victim, survivor);
        }
    }
}
