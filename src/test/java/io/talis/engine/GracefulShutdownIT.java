package io.talis.engine;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * A node stopped with SIGTERM while it works: it claims nothing more, lets a task that ends
 * within the grace period finish, releases the longer ones, and another node takes those at once.
 */
class GracefulShutdownIT {

    private static final String ENDS_WITHIN_GRACE = "{\"sleep_ms\": 6000, \"steps\": 12}";
    private static final String OUTLASTS_GRACE = "{\"sleep_ms\": 600000, \"steps\": 1200}";

    @Test
    void runningTasksFinishWithinTheGracePeriodOrAreReleasedToAnotherNode() throws Exception {
        TestDatabase database = TestDatabase.fresh("shutdown");
        Sql sql = database.sql();
        Path war = TalisDeployment.export(TalisDeployment.war(database, Map.of()), Path.of("target", "shutdown-test.war"));
        Fixtures fixtures = new Fixtures(sql);
        Tasks tasks = new Tasks(sql);
        TaskLedger ledger = new TaskLedger(database.dataSource(), "test");

        try (TalisServers servers = new TalisServers("shutdown", war)) {
            // node-b starts first and is kept busy, so that node-a takes the tasks under test.
            servers.startReady("node-b", Map.of("WORKER_COUNT", "2"));
            List<Long> blockers = List.of(fixtures.task(ScriptedWorkHandler.ACTION, OUTLASTS_GRACE),
                    fixtures.task(ScriptedWorkHandler.ACTION, OUTLASTS_GRACE));
            for (long blocker : blockers) {
                tasks.awaitStatus(blocker, "running", Duration.ofSeconds(10));
            }
            PayaraMicroProcess stopping = servers.startReady("node-a",
                    Map.of("WORKER_COUNT", "3", "TASK_SHUTDOWN_GRACE_SECONDS", "10"));
            long finishing = fixtures.task(ScriptedWorkHandler.ACTION, ENDS_WITHIN_GRACE);
            long released1 = fixtures.task(ScriptedWorkHandler.ACTION, OUTLASTS_GRACE);
            long released2 = fixtures.task(ScriptedWorkHandler.ACTION, OUTLASTS_GRACE);
            for (long id : new long[] {finishing, released1, released2}) {
                tasks.awaitStatus(id, "running", Duration.ofSeconds(10));
                assertThat(tasks.task(id)).containsEntry("claimed_by", "node-a");
            }
            for (long blocker : blockers) {
                ledger.requestCancel(blocker);
                tasks.awaitStatus(blocker, "terminated", Duration.ofSeconds(5));
            }

            long stopAsked = System.nanoTime();
            stopping.requestStop();
            long enqueuedDuringDrain = fixtures.task(ScriptedWorkHandler.ACTION, "{\"sleep_ms\": 500}");
            tasks.awaitStatus(enqueuedDuringDrain, "completed", Duration.ofSeconds(10));
            assertThat(tasks.task(enqueuedDuringDrain)).as("a draining node claims nothing").containsEntry("claimed_by", "node-b");

            int exit = stopping.awaitExit(Duration.ofSeconds(60));
            Duration stopTook = Duration.ofNanos(System.nanoTime() - stopAsked);

            assertThat(exit).as("exit code after SIGTERM").isEqualTo(143);
            assertThat(stopTook).as("the 10 s grace period, then the release").isBetween(Duration.ofSeconds(9), Duration.ofSeconds(30));
            assertThat(tasks.task(finishing)).as("finished within the grace period")
                    .containsEntry("status", "completed").containsEntry("claimed_by", "node-a");
            assertThat(sql.number("SELECT count(*) FROM tasks WHERE status = 'running' AND claimed_by = 'node-a'"))
                    .as("nothing left running on the stopped node").isZero();
            for (long id : new long[] {released1, released2}) {
                tasks.awaitStatus(id, "running", Duration.ofSeconds(3));
                assertThat(tasks.task(id)).as("taken over at once by the other node")
                        .containsEntry("claimed_by", "node-b").containsEntry("attempts", 2);
                assertThat(tasks.task(id).get("logs").toString()).contains("attempt 1 released by node-a at shutdown");
            }
        }
    }
}
