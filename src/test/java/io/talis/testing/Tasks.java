package io.talis.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Waiting for tasks and reading what they did. */
public final class Tasks {

    private final Sql sql;

    public Tasks(Sql sql) {
        this.sql = sql;
    }

    public Map<String, Object> task(long id) {
        return sql.row("SELECT * FROM tasks WHERE id = ?", id);
    }

    public String status(long id) {
        return sql.text("SELECT status FROM tasks WHERE id = ?", id);
    }

    /** Waits until every task with an id in [first, first + count) is in a final state. */
    public void awaitFinished(long first, int count, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> sql.number(
                "SELECT count(*) FROM tasks WHERE id >= ? AND id < ? AND status IN ('completed', 'failed', 'terminated')",
                first, first + count) == count);
    }

    public void awaitStatus(long id, String status, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> status.equals(status(id)));
    }

    /** The results of the tasks with an id in [first, first + count). */
    public List<Map<String, Object>> results(long first, int count) {
        return sql.rows("""
                SELECT id, status, attempts, claimed_by, (result->>'started_ms')::bigint AS started_ms,
                       (result->>'finished_ms')::bigint AS finished_ms, result->>'node' AS node
                  FROM tasks WHERE id >= ? AND id < ? ORDER BY id""", first, first + count);
    }

    /** The largest number of [started, finished) intervals that overlap at one instant. */
    public static int peakConcurrency(List<long[]> intervals) {
        int peak = 0;
        for (long[] probe : intervals) {
            int overlapping = 0;
            for (long[] other : intervals) {
                if (other[0] <= probe[0] && probe[0] < other[1]) {
                    overlapping++;
                }
            }
            peak = Math.max(peak, overlapping);
        }
        return peak;
    }
}
