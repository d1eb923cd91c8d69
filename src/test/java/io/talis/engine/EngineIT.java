package io.talis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.talis.testing.Fixtures;
import io.talis.testing.Sql;
import io.talis.testing.TalisDeployment;
import io.talis.testing.Tasks;
import io.talis.testing.TestDatabase;
import io.talis.testing.work.ScriptedWorkHandler;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The engine on Payara Micro against PostgreSQL: concurrency, heartbeats, retries, cancellation. */
@ExtendWith(ArquillianExtension.class)
class EngineIT {

    private static final int WORKERS = 4;
    private static TestDatabase database;
    private static Sql sql;
    private static Fixtures fixtures;
    private static Tasks tasks;

    @Deployment(testable = false)
    static WebArchive deployment() {
        database = TestDatabase.fresh("engine");
        database.sql().update(ScriptedWorkHandler.EXECUTIONS_TABLE);
        return TalisDeployment.war(database, Map.of(
                "WORKER_COUNT", String.valueOf(WORKERS),
                "TASK_LEASE_SECONDS", "3",
                "TASK_POLL_INTERVAL_MS", "200",
                "TASK_MAX_ATTEMPTS", "3",
                "TASK_RETRY_BASE_MS", "400"));
    }

    @BeforeAll
    static void arrange() {
        sql = database.sql();
        fixtures = new Fixtures(sql);
        tasks = new Tasks(sql);
    }

    @Test
    void runsExactlyWorkerCountTasksAtOnce() {
        long first = fixtures.tasks(12, ScriptedWorkHandler.ACTION, "{\"sleep_ms\": 1000}");

        tasks.awaitFinished(first, 12, Duration.ofSeconds(30));

        List<Map<String, Object>> results = tasks.results(first, 12);
        assertThat(results).allSatisfy(row -> assertThat(row).containsEntry("status", "completed").containsEntry("attempts", 1));
        List<long[]> spans = results.stream()
                .map(row -> new long[] {(Long) row.get("started_ms"), (Long) row.get("finished_ms")}).toList();
        long drainMillis = spans.stream().mapToLong(span -> span[1]).max().orElseThrow()
                - spans.stream().mapToLong(span -> span[0]).min().orElseThrow();
        assertThat(Tasks.peakConcurrency(spans)).as("tasks running at once").isEqualTo(WORKERS);
        assertThat(drainMillis).as("12 tasks of 1 s on 4 workers take 3 rounds").isBetween(2_900L, 4_500L);
    }

    @Test
    void aTaskLongerThanItsLeaseRunsOnceBecauseItsLeaseIsRenewed() {
        long id = fixtures.task(ScriptedWorkHandler.ACTION, "{\"sleep_ms\": 8000, \"steps\": 8, \"record\": true}");

        tasks.awaitStatus(id, "completed", Duration.ofSeconds(30));

        assertThat(tasks.task(id)).containsEntry("attempts", 1);
        assertThat(sql.number("SELECT count(*) FROM test_executions WHERE task_id = ?", id)).isEqualTo(1);
        assertThat(tasks.task(id).get("logs").toString()).doesNotContain("expired");
    }

    @Test
    void failedAttemptsAreRetriedWithGrowingBackoffUntilOneSucceeds() {
        long id = fixtures.task(ScriptedWorkHandler.ACTION, "{\"fail_before_attempt\": 3, \"record\": true}");

        tasks.awaitStatus(id, "completed", Duration.ofSeconds(30));

        Map<String, Object> task = tasks.task(id);
        assertThat(task).containsEntry("attempts", 3).containsEntry("error", null);
        assertThat(task.get("logs").toString())
                .contains("attempt 1 failed: IllegalStateException: planned failure on attempt 1")
                .contains("attempt 2 failed: IllegalStateException: planned failure on attempt 2")
                .contains("attempt 3 completed");
        List<Long> starts = sql.rows("SELECT started_at FROM test_executions WHERE task_id = ? ORDER BY attempt", id)
                .stream().map(row -> ((Timestamp) row.get("started_at")).getTime()).toList();
        assertThat(starts).hasSize(3);
        assertThat(starts.get(1) - starts.get(0)).as("backoff after attempt 1: 200..400 ms").isGreaterThanOrEqualTo(200);
        assertThat(starts.get(2) - starts.get(1)).as("backoff after attempt 2: 400..800 ms").isGreaterThanOrEqualTo(400);
    }

    @Test
    void aTaskThatKeepsFailingFailsForGoodAtTheAttemptLimitWithItsError() {
        long id = fixtures.task(ScriptedWorkHandler.ACTION, "{\"fail_always\": true}");

        tasks.awaitStatus(id, "failed", Duration.ofSeconds(30));

        assertThat(tasks.task(id))
                .containsEntry("attempts", 3)
                .containsEntry("error", "IllegalStateException: planned failure on attempt 3");
    }

    @Test
    void anUnknownActionFailsAtOnceWithAClearError() {
        long id = fixtures.task("launch_rocket", "{}");

        tasks.awaitStatus(id, "failed", Duration.ofSeconds(10));

        Map<String, Object> task = tasks.task(id);
        assertThat(task).containsEntry("attempts", 1);
        assertThat(task.get("error").toString())
                .contains("unknown action 'launch_rocket'")
                .contains("create_instances").contains("terminate_instances");
    }

    @Test
    void aRunningTaskStopsAtItsNextStepWhenTerminated() throws Exception {
        long id = fixtures.task(ScriptedWorkHandler.ACTION, "{\"sleep_ms\": 60000, \"steps\": 60}");
        tasks.awaitStatus(id, "running", Duration.ofSeconds(10));

        long asked = System.nanoTime();
        assertThat(new TaskLedger(database.dataSource(), "test").requestCancel(id)).contains(TaskStatus.RUNNING);
        tasks.awaitStatus(id, "terminated", Duration.ofSeconds(5));

        assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("stopped at once, not after the hour").isLessThan(Duration.ofSeconds(3));
        Map<String, Object> task = tasks.task(id);
        assertThat(task).containsEntry("error", "terminated on request").containsEntry("result", null);
        assertThat(task.get("logs").toString()).contains("stopped: terminated on request");
    }

    @Test
    void everyTaskRecordsTheNodeThatRanItsLastAttempt() {
        long id = fixtures.task(ScriptedWorkHandler.ACTION, "{}");

        tasks.awaitStatus(id, "completed", Duration.ofSeconds(10));

        Map<String, Object> result = tasks.results(id, 1).get(0);
        assertThat(result.get("claimed_by")).isNotNull().isEqualTo(result.get("node"));
    }
}
