package io.talis.bench.figures;

import com.zaxxer.hikari.HikariDataSource;
import io.talis.bench.BenchPostgres;
import io.talis.bench.BenchRun;
import io.talis.bench.Report;
import io.talis.bench.Summary;
import io.talis.bench.side.Drain;
import io.talis.bench.side.TalisNode;
import io.talis.engine.ClaimedTask;
import io.talis.engine.TaskLedger;
import io.talis.engine.TaskStatus;
import io.talis.persistence.SchemaMigrations;
import io.talis.testing.Fixtures;
import io.talis.testing.Sql;
import io.talis.testing.work.ScriptedWorkHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Figure 4, growth: the cost of the engine's claim statement (TaskLedger, the SQL the service
 * runs) with few and with very many finished tasks in the table, and the per-task cost of a
 * drain of few and of many pending tasks through the service.
 */
public final class GrowthFigure implements Figure {

    private static final int CLAIM_BATCH = 10;
    private static final Duration LEASE = Duration.ofSeconds(30);

    @Override
    public String id() {
        return "growth";
    }

    @Override
    public Report.Section run(BenchRun run) throws Exception {
        var scale = run.scale();
        List<List<String>> claimRows = new ArrayList<>();
        BenchPostgres.Db database = run.postgres().fresh("talis_growth");
        try (HikariDataSource pool = database.pool(4)) {
            SchemaMigrations.apply(pool, GrowthFigure.class.getClassLoader());
            Sql sql = new Sql(pool);
            Fixtures fixtures = new Fixtures(sql);
            TaskLedger ledger = new TaskLedger(pool, "bench-growth");
            long finished = 0;
            for (int target : scale.growthFinished()) {
                BenchRun.log("growth: " + String.format(Locale.ROOT, "%,d", target) + " finished tasks");
                sql.update("""
                        INSERT INTO tasks (owner_id, project_id, action, payload, status, attempts, claimed_by,
                                           started_at, finished_at, result)
                        SELECT ?, ?, ?, '{}', 'completed', 1, 'bench', now(), now(), '{}' FROM generate_series(1, ?)""",
                        fixtures.ownerId(), fixtures.projectId(), ScriptedWorkHandler.ACTION, target - finished);
                fixtures.tasks(scale.growthClaims() * CLAIM_BATCH, ScriptedWorkHandler.ACTION, "{}");
                sql.update("VACUUM ANALYZE tasks");
                long blocksBefore = blocks(database);
                List<Double> micros = new ArrayList<>();
                List<ClaimedTask> claimed = new ArrayList<>();
                for (int i = 0; i < scale.growthClaims(); i++) {
                    long began = System.nanoTime();
                    claimed.addAll(ledger.claim(CLAIM_BATCH, LEASE));
                    micros.add((System.nanoTime() - began) / 1_000.0);
                }
                long blocks = blocks(database) - blocksBefore;
                for (ClaimedTask task : claimed) {
                    ledger.finish(new TaskLedger.Attempt(task.id(), task.attempt()), TaskStatus.COMPLETED, null, null, "done");
                }
                finished = sql.number("SELECT count(*) FROM tasks WHERE status = 'completed'");
                claimRows.add(List.of(String.format(Locale.ROOT, "%,d", target),
                        Summary.of(micros).format(0),
                        Summary.number((double) blocks / scale.growthClaims(), 1)));
            }
        }

        List<List<String>> drainRows = new ArrayList<>();
        TalisNode talis = run.talis(scale.growthWorkers(), scale.drainPollMillis());
        if (!scale.isSmoke()) {
            talis.drain(10_000, "{\"sleep_ms\": 0}", pid -> { });
        }
        for (int pending : scale.growthPending()) {
            int runs = pending <= 10_000 && !scale.isSmoke() ? 3 : 1;
            List<Drain> drains = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                drains.add(run.measured("growth drain of " + pending + ", run " + (i + 1),
                        () -> talis.drain(pending, "{\"sleep_ms\": 0}", pid -> { })));
            }
            drainRows.add(List.of(String.format(Locale.ROOT, "%,d", pending),
                    DrainFigure.throughput(drains).format(0),
                    Summary.of(drains.stream().map(d -> 1e6 / d.tasksPerSecond()).toList()).format(0),
                    DrainFigure.commits(drains).format(2)));
        }
        return new Report.Section(id(), String.format(Locale.ROOT,
                "Claim cost: %d claims of up to %d tasks each by the engine's own claim statement (TaskLedger.claim),"
                        + " with that many finished tasks in the table (inserted as finished, then VACUUM ANALYZE);"
                        + " median (min-max) per claim, and buffer pages touched per claim (pg_statio, table and indexes).%n%n",
                scale.growthClaims(), CLAIM_BATCH)
                + Report.table(List.of("finished tasks in the table", "claim µs", "pages per claim"), claimRows)
                + String.format(Locale.ROOT, "%nDrain of few vs many pending no-op tasks through the service, %d workers"
                        + " (few: median of 3 runs; many: one run):%n%n", scale.growthWorkers())
                + Report.table(List.of("pending tasks", "tasks/s", "µs per task", "commits per task"), drainRows));
    }

    /** Buffer pages the tasks table and its indexes were read through so far. */
    private static long blocks(BenchPostgres.Db database) {
        database.commits(); // lets the statistics settle
        return database.sql().number("""
                SELECT coalesce(heap_blks_hit, 0) + coalesce(heap_blks_read, 0)
                     + coalesce(idx_blks_hit, 0) + coalesce(idx_blks_read, 0)
                  FROM pg_statio_user_tables WHERE relname = 'tasks'""");
    }
}
