package io.talis.bench.figures;

import com.zaxxer.hikari.HikariDataSource;
import io.talis.bench.BenchPostgres;
import io.talis.bench.BenchRun;
import io.talis.bench.Report;
import io.talis.bench.Summary;
import io.talis.engine.ClaimedTask;
import io.talis.engine.TaskLedger;
import io.talis.engine.TaskStatus;
import io.talis.persistence.SchemaMigrations;
import io.talis.testing.Fixtures;
import io.talis.testing.work.ScriptedWorkHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Figure 6, the database's ceiling on this machine: pgbench's single-row update, and a pure-SQL
 * claim + complete loop with the engine's own statements (TaskLedger) and no engine around them.
 */
public final class CeilingFigure implements Figure {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final String UPDATE_SCRIPT = """
            \\set aid random(1, 100000 * :scale)
            UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid;
            """;

    @Override
    public String id() {
        return "ceiling";
    }

    @Override
    public Report.Section run(BenchRun run) throws Exception {
        var scale = run.scale();
        List<List<String>> rows = new ArrayList<>();
        Optional<Path> pgbench = pgbench();
        BenchPostgres.Db bench = run.postgres().fresh("pgbench");
        for (int clients : scale.ceilingClients()) {
            String tps = pgbench.isEmpty() ? "pgbench not found" : Summary.number(
                    run.measured("pgbench, " + clients + " clients", () -> pgbench(run, pgbench.get(), bench, clients)), 0);
            rows.add(List.of("pgbench single-row UPDATE (transactions/s)", String.valueOf(clients), tps));
        }
        BenchPostgres.Db database = run.postgres().fresh("talis_ceiling");
        try (HikariDataSource pool = database.pool(Math.max(4, scale.ceilingClients().stream().max(Integer::compare).orElse(1)))) {
            SchemaMigrations.apply(pool, CeilingFigure.class.getClassLoader());
            Fixtures fixtures = new Fixtures(database.sql());
            TaskLedger ledger = new TaskLedger(pool, "bench-ceiling");
            for (Loop loop : Loop.values()) {
                for (int clients : scale.ceilingClients()) {
                    fixtures.emptyTaskTables();
                    fixtures.tasks(scale.ceilingSeconds() * (loop == Loop.ONE_BY_ONE ? 8_000 : 40_000),
                            ScriptedWorkHandler.ACTION, "{}");
                    database.settle("tasks");
                    double perSecond = run.measured(loop.label + ", " + clients + " clients",
                            () -> claimAndComplete(ledger, clients, loop, scale.ceilingSeconds()));
                    boolean ranOut = database.sql().number("SELECT count(*) FROM tasks WHERE status = 'pending'") == 0;
                    rows.add(List.of(loop.label + " (tasks/s)", String.valueOf(clients),
                            Summary.number(perSecond, 0) + (ranOut ? " (ran out of tasks: at least)" : "")));
                }
            }
        }
        return new Report.Section(id(), String.format(Locale.ROOT,
                "The same PostgreSQL, %d s per line. pgbench: `%s`, scale 1, a script of one `UPDATE pgbench_accounts"
                        + " ... WHERE aid = :aid`. Claim + complete: client threads in one JVM looping over the engine's"
                        + " own statements (TaskLedger: claim, finish, completeAll, completeAllAndClaim), one commit per"
                        + " statement, nothing else around them.%n%n",
                scale.ceilingSeconds(), pgbench.map(Path::toString).orElse("not found"))
                + Report.table(List.of("what", "clients", "per second"), rows));
    }

    /** The claim + complete loops: the engine's statements, one commit each, nothing around them. */
    private enum Loop {
        ONE_BY_ONE("claim 1 + complete 1", 1),
        TEN_AT_A_TIME("claim 10 + complete the 10 in one statement", 10),
        CHAINED("complete 10 and claim the next 10 in one statement", 10);

        final String label;
        final int batch;

        Loop(String label, int batch) {
            this.label = label;
            this.batch = batch;
        }

        /** One turn of the loop; returns the tasks still held (claimed, not completed). */
        List<ClaimedTask> turn(TaskLedger ledger, List<ClaimedTask> held, LongAdder done) throws Exception {
            switch (this) {
                case ONE_BY_ONE -> {
                    for (ClaimedTask task : ledger.claim(1, LEASE)) {
                        ledger.finish(new TaskLedger.Attempt(task.id(), task.attempt()), TaskStatus.COMPLETED, null, null, "done");
                        done.increment();
                    }
                    return List.of();
                }
                case TEN_AT_A_TIME -> {
                    done.add(ledger.completeAll(completions(ledger.claim(batch, LEASE))).size());
                    return List.of();
                }
                default -> {
                    TaskLedger.CompletedAndClaimed written = ledger.completeAllAndClaim(completions(held), batch, LEASE);
                    done.add(written.completed().size());
                    return written.claimed();
                }
            }
        }
    }

    private static List<TaskLedger.Completion> completions(List<ClaimedTask> tasks) {
        return tasks.stream()
                .map(task -> new TaskLedger.Completion(new TaskLedger.Attempt(task.id(), task.attempt()), null)).toList();
    }

    private static double claimAndComplete(TaskLedger ledger, int clients, Loop loop, int seconds) throws Exception {
        AtomicBoolean going = new AtomicBoolean(true);
        LongAdder done = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        List<Exception> failures = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Thread thread = new Thread(() -> {
                try {
                    List<ClaimedTask> held = List.of();
                    while (going.get()) {
                        held = loop.turn(ledger, held, done);
                    }
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        long began = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        going.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        return done.sum() / ((System.nanoTime() - began) / 1e9);
    }

    private static double pgbench(BenchRun run, Path pgbench, BenchPostgres.Db database, int clients) throws Exception {
        List<String> connection = List.of("-h", "localhost", "-p", String.valueOf(run.postgres().port()), "-U", database.user());
        Path script = run.workDir().resolve("pgbench-update.sql");
        Files.writeString(script, UPDATE_SCRIPT);
        List<String> init = new ArrayList<>(List.of(pgbench.toString(), "-i", "-q", "-s", "1"));
        init.addAll(connection);
        init.add(database.name());
        exec(init);
        List<String> bench = new ArrayList<>(List.of(pgbench.toString(), "-n", "-f", script.toString(),
                "-c", String.valueOf(clients), "-j", String.valueOf(Math.min(clients, 2)),
                "-T", String.valueOf(run.scale().ceilingSeconds())));
        bench.addAll(connection);
        bench.add(database.name());
        Matcher tps = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)").matcher(exec(bench));
        if (!tps.find()) {
            throw new IllegalStateException("no tps in pgbench's output");
        }
        return Double.parseDouble(tps.group(1));
    }

    private static String exec(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }

    /** pgbench from PGBENCH, the PATH, or a Debian PostgreSQL installation. */
    static Optional<Path> pgbench() throws IOException {
        Optional<Path> configured = Optional.ofNullable(System.getenv("PGBENCH")).map(Path::of);
        if (configured.isPresent()) {
            return configured;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "pgbench");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(debian)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(debian)) {
            return versions.map(v -> v.resolve("bin/pgbench")).filter(Files::isExecutable)
                    .max((a, b) -> a.toString().compareTo(b.toString()));
        }
    }
}
