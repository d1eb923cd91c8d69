package io.talis.bench.side;

import io.talis.bench.BenchPostgres;
import io.talis.bench.BenchRun;
import io.talis.launch.PayaraMicroProcess;
import io.talis.testing.Fixtures;
import io.talis.testing.Sql;
import io.talis.testing.work.ScriptedWorkHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * A running Talis node and its database: enqueues work the way the service's own writers do (one
 * INSERT; the triggers order and announce it) and reads back what the engine recorded.
 */
public final class TalisNode {

    private final PayaraMicroProcess process;
    private final BenchPostgres.Db database;
    private final Duration startup;
    private final Map<Integer, Long> leadMillis = new HashMap<>();
    private Fixtures fixtures;

    TalisNode(PayaraMicroProcess process, BenchPostgres.Db database, Duration startup) {
        this.process = process;
        this.database = database;
        this.startup = startup;
    }

    public PayaraMicroProcess process() {
        return process;
    }

    public BenchPostgres.Db database() {
        return database;
    }

    public Duration startup() {
        return startup;
    }

    /** Empties the task tables: every run starts from fresh tables. */
    public void freshTables() {
        fixtures().emptyTaskTables();
    }

    public Fixtures fixtures() {
        if (fixtures == null) {
            fixtures = new Fixtures(database.sql());
        }
        return fixtures;
    }

    /**
     * Drains {@code count} test_work tasks with this payload: inserted in one statement, runnable a
     * moment later, after the table is analysed, the database checkpointed and the commit counter
     * read; the clock runs from the first start (as the handler saw it) to the last completion.
     * {@code whileRunning} is called every 200 ms during the drain with the node's process id.
     */
    public Drain drain(int count, String payloadJson, LongConsumer whileRunning) {
        Sql sql = database.sql();
        while (true) {
            freshTables();
            long lead = leadMillis.getOrDefault(count, 1_000L + database.statsSettleMillis() + count / 10);
            long began = System.nanoTime();
            fixtures().tasks(count, ScriptedWorkHandler.ACTION, payloadJson, Duration.ofMillis(lead));
            database.settle("tasks");
            long before = database.commits();
            long preparedMillis = (System.nanoTime() - began) / 1_000_000;
            leadMillis.put(count, preparedMillis + 500);
            if (preparedMillis >= lead) {
                // The engine began before the baseline was taken: do it again with a longer lead.
                awaitDone(sql, count, pid -> { });
                continue;
            }
            awaitDone(sql, count, whileRunning);
            Map<String, Object> window = sql.row("""
                    SELECT min((result->>'started_ms')::bigint) AS first_start,
                           (extract(epoch FROM max(finished_at)) * 1000)::bigint AS last_finish,
                           count(*) FILTER (WHERE status = 'completed' AND attempts = 1) AS completed
                      FROM tasks""");
            long after = database.commits();
            if (((Number) window.get("completed")).longValue() != count) {
                throw new IllegalStateException("expected " + count + " tasks completed at the first attempt, got " + window);
            }
            double seconds = (((Number) window.get("last_finish")).longValue()
                    - ((Number) window.get("first_start")).longValue()) / 1000.0;
            return new Drain(count, seconds, (after - before) / (double) count);
        }
    }

    private void awaitDone(Sql sql, int count, LongConsumer whileRunning) {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        // Counts through the partial indexes of pending and running rows: cheap, whatever the table holds.
        while (sql.number("SELECT count(*) FROM tasks WHERE status IN ('pending', 'running')") > 0) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IllegalStateException("Talis did not drain " + count + " tasks; see its log");
            }
            whileRunning.accept(process.pid());
            BenchRun.pause(200);
        }
    }

    /** Resident memory of the node's process in MiB (Linux /proc). */
    public static double rssMib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
            return Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
