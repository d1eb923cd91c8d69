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
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A node stopped with SIGTERM while it works: it claims nothing more, lets a task that ends
 * within the grace period finish, releases the longer ones, and another node takes those at once.
 */
class GracefulShutdownIT {

    private static final String ENDS_WITHIN_GRACE = "{\"sleep_ms\": 25000, \"steps\": 50}";
    private static final String OUTLASTS_GRACE = "{\"sleep_ms\": 300000, \"steps\": 600}";

    @Test
    void runningTasksFinishWithinTheGracePeriodOrAreReleasedToAnotherNode() throws Exception {
        TestDatabase database = TestDatabase.fresh("shutdown");
        Sql sql = database.sql();
        Path war = TalisDeployment.export(TalisDeployment.war(database, Map.of()), Path.of("target", "shutdown-test.war"));
        Fixtures fixtures = new Fixtures(sql);
        Tasks tasks = new Tasks(sql);

        try (TalisServers servers = new TalisServers("shutdown", war)) {
            PayaraMicroProcess stopping = servers.startReady("node-a",
                    Map.of("WORKER_COUNT", "3", "TASK_SHUTDOWN_GRACE_SECONDS", "15"));
            long finishing = fixtures.task(ScriptedWorkHandler.ACTION, ENDS_WITHIN_GRACE);
            long released1 = fixtures.task(ScriptedWorkHandler.ACTION, OUTLASTS_GRACE);
            long released2 = fixtures.task(ScriptedWorkHandler.ACTION, OUTLASTS_GRACE);
            for (long id : new long[] {finishing, released1, released2}) {
                tasks.awaitStatus(id, "running", Duration.ofSeconds(10));
            }
            servers.startReady("node-b", Map.of("WORKER_COUNT", "2"));
            assertThat(tasks.status(finishing)).as("node-b booted before the first task could end").isEqualTo("running");

            long stopAsked = System.nanoTime();
            stopping.requestStop();
            long enqueuedDuringDrain = fixtures.task(ScriptedWorkHandler.ACTION, "{\"sleep_ms\": 500}");
            tasks.awaitStatus(enqueuedDuringDrain, "completed", Duration.ofSeconds(10));
            assertThat(tasks.task(enqueuedDuringDrain)).as("a draining node claims nothing").containsEntry("claimed_by", "node-b");

            int exit = stopping.awaitExit(Duration.ofSeconds(90));
            Duration stopTook = Duration.ofNanos(System.nanoTime() - stopAsked);

            assertThat(exit).as("exit code after SIGTERM").isEqualTo(143);
            assertThat(stopTook).as("the 15 s grace period, then the release").isBetween(Duration.ofSeconds(14), Duration.ofSeconds(35));
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
