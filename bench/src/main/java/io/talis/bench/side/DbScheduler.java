package io.talis.bench.side;

import io.talis.bench.BenchPostgres;
import io.talis.bench.BenchRun;
import io.talis.bench.peer.DbSchedulerPeer;
import io.talis.testing.Sql;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The peer's side: db-scheduler ({@link DbSchedulerPeer}) in a JVM of its own with the same
 * flags as Talis, on the same PostgreSQL, with a database per polling mode (so that two peers
 * never share a table and each database's commit counter is one scheduler's). One process per
 * configuration, like one Talis boot; every run starts from a freshly truncated table.
 */
public final class DbScheduler {

    /** The two polling strategies of db-scheduler. */
    public static final List<String> MODES = List.of("lock-and-fetch", "fetch");

    private final BenchPostgres postgres;
    private final Map<String, BenchPostgres.Db> databases = new HashMap<>();
    private final List<String> jvmFlags;
    private final Path workDir;
    private int started;

    public DbScheduler(BenchPostgres postgres, List<String> jvmFlags, Path workDir) {
        this.postgres = postgres;
        this.jvmFlags = jvmFlags;
        this.workDir = workDir;
    }

    /** The database of the schedulers of this polling mode. */
    public BenchPostgres.Db database(String mode) {
        return databases.computeIfAbsent(mode, m -> postgres.fresh("dbscheduler_" + m.replace('-', '_')));
    }

    /** Starts a scheduler on a new table; it runs until {@link Peer#close()}. */
    public Peer start(String mode, int threads, long pollMillis, long sleepMillis) throws IOException {
        BenchPostgres.Db database = database(mode);
        database.sql().update("DROP TABLE IF EXISTS scheduled_tasks");
        database.sql().update(DbSchedulerPeer.TABLE);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), DbSchedulerPeer.class.getName(),
                "--url", database.url(), "--user", database.user(),
                "--threads", String.valueOf(threads), "--mode", mode,
                "--poll-ms", String.valueOf(pollMillis), "--sleep-ms", String.valueOf(sleepMillis)));
        Path log = workDir.resolve("logs").resolve("db-scheduler-" + (++started) + ".log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Peer peer = new Peer(process, log, database);
        if (!"READY".equals(peer.answer())) {
            throw new IllegalStateException("db-scheduler did not start; see " + log);
        }
        return peer;
    }

    /** A running scheduler. */
    public final class Peer implements AutoCloseable {
        private final Process process;
        private final Path log;
        private final BenchPostgres.Db database;
        private final BufferedReader out;
        private final PrintWriter in;
        private final Map<Integer, Long> leadMillis = new HashMap<>();
        private int files;

        private Peer(Process process, Path log, BenchPostgres.Db database) {
            this.process = process;
            this.log = log;
            this.database = database;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        }

        public long pid() {
            return process.pid();
        }

        public BenchPostgres.Db database() {
            return database;
        }

        public void freshTable() {
            database.sql().update("TRUNCATE scheduled_tasks");
        }

        /**
         * Drains {@code count} executions inserted in one statement, due a moment later, after the
         * table is analysed, the database checkpointed and the commit counter read; the clock runs
         * from the first execution's start to the last completion (its delete committed).
         */
        public Drain drain(int count, LongConsumer whileRunning) throws IOException {
            Sql sql = database.sql();
            while (true) {
                freshTable();
                ask("STATS");
                long lead = leadMillis.getOrDefault(count, 1_000L + database.statsSettleMillis() + count / 10);
                long began = System.nanoTime();
                sql.update("""
                        INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version)
                        SELECT ?, i::text, now() + ?::float8 * interval '1 millisecond', false, 1
                          FROM generate_series(1, ?) AS i""", DbSchedulerPeer.TASK, (double) lead, count);
                database.settle("scheduled_tasks");
                long before = database.commits();
                long preparedMillis = (System.nanoTime() - began) / 1_000_000;
                leadMillis.put(count, preparedMillis + 500);
                awaitEmpty(sql, count, preparedMillis >= lead ? pid -> { } : whileRunning);
                if (preparedMillis >= lead) {
                    continue; // began before the baseline: again, with a longer lead
                }
                String[] stats = ask("STATS").split(" ");
                long after = database.commits();
                if (Integer.parseInt(stats[0]) != count) {
                    throw new IllegalStateException("db-scheduler completed " + stats[0] + " of " + count + " executions");
                }
                double seconds = (Long.parseLong(stats[2]) - Long.parseLong(stats[1])) / 1000.0;
                return new Drain(count, seconds, (after - before) / (double) count);
            }
        }

        /** Each execution's instance id and start (epoch microseconds) since the last call. */
        public Map<String, Long> takeStarts() throws IOException {
            Path file = workDir.resolve("peer-starts-" + started + "-" + (++files) + ".txt");
            ask("STARTS " + file);
            Map<String, Long> starts = new HashMap<>();
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    String[] parts = line.split(" ");
                    starts.put(parts[0], Long.parseLong(parts[1]));
                }
            }
            Files.delete(file);
            return starts;
        }

        private void awaitEmpty(Sql sql, int count, LongConsumer whileRunning) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (sql.number("SELECT count(*) FROM scheduled_tasks") > 0) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("db-scheduler did not drain " + count + " executions; see " + log);
                }
                whileRunning.accept(process.pid());
                BenchRun.pause(200);
            }
        }

        private String ask(String command) throws IOException {
            in.println(command);
            return answer();
        }

        private String answer() throws IOException {
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("db-scheduler exited; see " + log);
            }
            return line;
        }

        @Override
        public void close() throws InterruptedException {
            in.close();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
    }
}
