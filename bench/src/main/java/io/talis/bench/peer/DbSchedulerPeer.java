package io.talis.bench.peer;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The peer: db-scheduler 16.12.0 as a plain Java main with its own thread pool and a HikariCP
 * pool, the way its README sets it up. One one-time task, {@value #TASK}, that sleeps
 * {@code --sleep-ms} (0: a no-op). The process lives as long as one benchmark configuration, so
 * that it is warmed up like the server it is compared with, and takes commands on its standard
 * input, answering each with one line on its standard output:
 * <ul>
 * <li>{@code STATS}: {@code <completed> <first start ms> <last completion ms>} since the last
 * STATS (a completion counts once its delete has committed), then starts counting afresh;</li>
 * <li>{@code STARTS <file>}: writes each execution's instance id and start (epoch
 * microseconds) to the file, forgets them, answers {@code OK};</li>
 * <li>end of input: stops the scheduler and exits.</li>
 * </ul>
 */
public final class DbSchedulerPeer {

    public static final String TASK = "bench";
    /** db-scheduler's table, as its README asks users to create it for PostgreSQL. */
    public static final String TABLE = """
            CREATE TABLE scheduled_tasks (
                task_name text NOT NULL,
                task_instance text NOT NULL,
                task_data bytea,
                execution_time timestamptz NOT NULL,
                picked boolean NOT NULL,
                picked_by text,
                last_success timestamptz,
                last_failure timestamptz,
                consecutive_failures int,
                last_heartbeat timestamptz,
                version bigint NOT NULL,
                priority smallint,
                PRIMARY KEY (task_name, task_instance));
            CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
            CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
            CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC)""";

    private DbSchedulerPeer() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int threads = Integer.parseInt(options.get("threads"));
        long sleepMillis = Long.parseLong(options.getOrDefault("sleep-ms", "0"));
        Counters counters = new Counters();

        OneTimeTask<Void> task = Tasks.oneTime(TASK).execute((instance, context) -> {
            counters.started(instance.getId());
            if (sleepMillis > 0) {
                try {
                    Thread.sleep(sleepMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });

        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(options.get("url"));
        pool.setUsername(options.get("user"));
        pool.setPassword(options.getOrDefault("password", ""));
        pool.setMaximumPoolSize(threads + 4);
        pool.setPoolName("db-scheduler-peer");
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        try (HikariDataSource dataSource = new HikariDataSource(pool)) {
            SchedulerBuilder builder = Scheduler.create(dataSource, task)
                    .threads(threads)
                    .executorService(workers)
                    .pollingInterval(Duration.ofMillis(Long.parseLong(options.get("poll-ms"))))
                    .schedulerName(new SchedulerName.Fixed("bench-peer"))
                    .addSchedulerListener(new AbstractSchedulerListener() {
                        @Override
                        public void onExecutionComplete(ExecutionComplete complete) {
                            counters.completed();
                        }
                    });
            switch (options.get("mode")) {
                // The README's setting "for high throughput (i.e. keep threads busy)".
                case "lock-and-fetch" -> builder.pollUsingLockAndFetch(1.0, 4.0);
                // The default strategy with its default limits.
                case "fetch" -> builder.pollUsingFetch(0.5, 3.0);
                default -> throw new IllegalArgumentException("mode: lock-and-fetch or fetch");
            }
            Scheduler scheduler = builder.build();
            scheduler.start();
            System.out.println("READY");
            System.out.flush();
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String command;
            while ((command = commands.readLine()) != null) {
                System.out.println(counters.answer(command));
                System.out.flush();
            }
            scheduler.stop();
        } finally {
            workers.shutdownNow();
        }
        System.exit(0);
    }

    /** What the executions did since the last question. */
    private static final class Counters {
        private final AtomicLong firstStartMillis = new AtomicLong(Long.MAX_VALUE);
        private final AtomicLong lastCompleteMillis = new AtomicLong();
        private final AtomicInteger completed = new AtomicInteger();
        private final Map<String, Long> startsMicros = new ConcurrentHashMap<>();

        void started(String instanceId) {
            firstStartMillis.accumulateAndGet(System.currentTimeMillis(), Math::min);
            startsMicros.put(instanceId, epochMicros());
        }

        void completed() {
            lastCompleteMillis.accumulateAndGet(System.currentTimeMillis(), Math::max);
            completed.incrementAndGet();
        }

        synchronized String answer(String command) throws IOException {
            if (command.equals("STATS")) {
                startsMicros.clear();
                return completed.getAndSet(0) + " " + firstStartMillis.getAndSet(Long.MAX_VALUE)
                        + " " + lastCompleteMillis.getAndSet(0);
            }
            if (command.startsWith("STARTS ")) {
                Map<String, Long> starts = new HashMap<>(startsMicros);
                startsMicros.keySet().removeAll(starts.keySet());
                Files.writeString(Path.of(command.substring("STARTS ".length())), starts.entrySet().stream()
                        .map(entry -> entry.getKey() + " " + entry.getValue())
                        .collect(Collectors.joining("\n", "", "\n")));
                return "OK";
            }
            return "ERROR unknown command " + command;
        }
    }

    public static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
