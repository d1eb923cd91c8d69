package io.talis.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.talis.instance.CreateInstancesHandler;
import io.talis.testing.Fixtures;
import io.talis.testing.Sql;
import io.talis.testing.TalisDeployment;
import io.talis.testing.Tasks;
import io.talis.testing.TestDatabase;
import io.talis.testing.work.ScriptedWorkHandler;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** PROVIDER_SIMULATED_MAX_CONCURRENCY caps one provider's tasks while other tasks keep flowing. */
@ExtendWith(ArquillianExtension.class)
class ProviderLimitsIT {

    private static TestDatabase database;

    @Deployment(testable = false)
    static WebArchive deployment() {
        database = TestDatabase.fresh("provider_limits");
        return TalisDeployment.war(database, Map.of(
                "WORKER_COUNT", "6",
                "PROVIDER_SIMULATED_MAX_CONCURRENCY", "2",
                "SIMULATED_PROVIDER_LATENCY_MS", "500",
                "TASK_POLL_INTERVAL_MS", "200"));
    }

    @Test
    void aCappedProviderRunsAtMostItsLimitWhileOtherTasksFlow() {
        Sql sql = database.sql();
        Fixtures fixtures = new Fixtures(sql);
        List<Long> creates = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long instance = fixtures.instance("capped-" + i, "simulated");
            creates.add(fixtures.keyedTask(CreateInstancesHandler.ACTION, "{\"instance_id\": " + instance + "}", "simulated"));
        }
        long firstOther = fixtures.tasks(4, ScriptedWorkHandler.ACTION, "{\"sleep_ms\": 500}");

        Tasks tasks = new Tasks(sql);
        tasks.awaitFinished(creates.get(0), 6, Duration.ofSeconds(60));
        tasks.awaitFinished(firstOther, 4, Duration.ofSeconds(60));

        List<long[]> createSpans = spans(sql, "action = 'create_instances'");
        assertThat(createSpans).hasSize(6);
        assertThat(Tasks.peakConcurrency(createSpans)).as("simulated tasks at once, capped at 2").isEqualTo(2);
        long lastCreateFinished = createSpans.stream().mapToLong(span -> span[1]).max().orElseThrow();
        assertThat(spans(sql, "action = 'test_work'")).as("other tasks did not wait for the capped ones")
                .allSatisfy(span -> assertThat(span[1]).isLessThan(lastCreateFinished));
        assertThat(sql.number("SELECT count(*) FROM instances WHERE status = 'ready'")).isEqualTo(6);
    }

    private static List<long[]> spans(Sql sql, String where) {
        return sql.rows("SELECT started_at, finished_at FROM tasks WHERE " + where).stream()
                .map(row -> new long[] {millis(row.get("started_at")), millis(row.get("finished_at"))}).toList();
    }

    private static long millis(Object timestamp) {
        return timestamp instanceof OffsetDateTime time ? time.toInstant().toEpochMilli()
                : ((java.sql.Timestamp) timestamp).getTime();
    }
}
