package io.talis.engine;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Two server processes on one PostgreSQL share the queue: every task runs exactly once, both do work. */
class ScaleOutIT {

    private static final int TASKS = 1_000;

    @Test
    void twoNodesRunEveryTaskExactlyOnceAndBothDoWork() throws Exception {
        TestDatabase database = TestDatabase.fresh("scaleout");
        Sql sql = database.sql();
        sql.update(ScriptedWorkHandler.EXECUTIONS_TABLE);
        Path war = TalisDeployment.export(TalisDeployment.war(database, Map.of()), Path.of("target", "scaleout-test.war"));
        Map<String, String> config = Map.of("WORKER_COUNT", "8");

        try (TalisServers servers = new TalisServers("scaleout", war)) {
            var nodeA = servers.start("node-a", config);
            var nodeB = servers.start("node-b", config);
            nodeA.awaitReady(Duration.ofMinutes(3));
            nodeB.awaitReady(Duration.ofMinutes(3));

            long first = new Fixtures(sql).tasks(TASKS, ScriptedWorkHandler.ACTION, "{\"record\": true, \"sleep_ms\": 20}");
            new Tasks(sql).awaitFinished(first, TASKS, Duration.ofSeconds(120));
        }

        assertThat(sql.number("SELECT count(*) FROM tasks WHERE status = 'completed' AND attempts = 1")).isEqualTo(TASKS);
        assertThat(sql.number("SELECT count(*) FROM test_executions")).as("executions").isEqualTo(TASKS);
        assertThat(sql.number("SELECT count(DISTINCT task_id) FROM test_executions")).as("tasks executed").isEqualTo(TASKS);
        assertThat(sql.number("""
                SELECT count(*) FROM tasks t JOIN test_executions e ON e.task_id = t.id AND e.node = t.claimed_by""")).isEqualTo(TASKS);
        Map<String, Long> perNode = sql.rows("SELECT node, count(*) AS n FROM test_executions GROUP BY node").stream()
                .collect(Collectors.toMap(row -> row.get("node").toString(), row -> (Long) row.get("n")));
        assertThat(perNode.keySet()).containsExactlyInAnyOrder("node-a", "node-b");
        assertThat(perNode.values()).as("both nodes did a real share: " + perNode).allSatisfy(n -> assertThat(n).isGreaterThan(TASKS / 10));
    }
}
