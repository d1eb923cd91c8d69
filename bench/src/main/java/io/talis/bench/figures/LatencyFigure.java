package io.talis.bench.figures;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariDataSource;
import io.talis.bench.BenchPostgres;
import io.talis.bench.BenchRun;
import io.talis.bench.OpenLoop;
import io.talis.bench.Report;
import io.talis.bench.Summary;
import io.talis.bench.peer.DbSchedulerPeer;
import io.talis.bench.side.DbScheduler;
import io.talis.bench.side.TalisNode;
import io.talis.testing.TalisClient;
import io.talis.testing.work.ScriptedWorkHandler;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;

/**
 * Figure 3, pickup latency: an open-loop producer at a fixed rate, about half of what the API
 * path sustains, for a minute; enqueue-to-start p50, p99 and max. db-scheduler and Talis polling
 * at the same interval with a separate client inserting rows (Talis' NOTIFY trigger switched off
 * for that run), then Talis as users drive it: through the HTTP API, with its wake-up path.
 */
public final class LatencyFigure implements Figure {

    private static final String INSTANCE_REQUEST = """
            [{"project_name": "bench", "provider": "simulated", "region": "nyc1", "size": "s-1vcpu-1gb",
              "image": "ubuntu-22-04-x64", "number_of_instances": 1, "provision": false,
              "volumes": [{"name": "data", "size_gb": 10, "mount_point": "/mnt/data"}]}]""";

    @Override
    public String id() {
        return "latency";
    }

    @Override
    public Report.Section run(BenchRun run) throws Exception {
        var scale = run.scale();
        int workers = scale.latencyWorkers();
        long poll = scale.latencyPollMillis();
        TalisNode talis = run.talis(workers, poll);
        TalisClient api = new TalisClient(talis.process().baseUri(), BenchRun.ADMIN_KEY);
        api.rpc("project.create", "{\"name\": \"bench\"}");
        talis.freshTables();
        double capacity = apiCapacity(api, scale.calibrationSeconds());
        double rate = Math.max(10, Math.round(capacity / 2 / 10) * 10);
        BenchRun.log(String.format(Locale.ROOT, "API capacity %.0f requests/s; producing %.0f tasks/s", capacity, rate));
        awaitIdle(talis);

        List<List<String>> rows = new ArrayList<>();
        rows.add(row("db-scheduler lock-and-fetch, polling " + poll + " ms, client inserts", peerRun(run, workers, poll, rate)));
        rows.add(row("Talis, polling " + poll + " ms only (NOTIFY off), client inserts", talisPolling(run, talis, rate)));
        rows.add(row("Talis with its wake-up path, through the HTTP API", talisApi(run, talis, api, rate)));
        return new Report.Section(id(), String.format(Locale.ROOT,
                "Open-loop producer at %.0f tasks/s for %d s (the first %d s not counted), %d workers on each side;"
                        + " the API path sustained %.0f requests/s in a closed loop, so the rate is about half of it."
                        + " Enqueue-to-start: from the time each task was due to be sent to its start (Talis: `started_at`"
                        + " of the claim; db-scheduler: entry into its execution handler), HdrHistogram.%n%n",
                rate, scale.latencySeconds(), scale.latencyWarmupSeconds(), workers, capacity)
                + Report.table(List.of("system and path", "p50 ms", "p99 ms", "max ms", "samples"), rows));
    }

    private static List<String> row(String what, Histogram latency) {
        return List.of(what, ms(latency.getValueAtPercentile(50)), ms(latency.getValueAtPercentile(99)),
                ms(latency.getMaxValue()), String.format(Locale.ROOT, "%,d", latency.getTotalCount()));
    }

    private static String ms(long micros) {
        return Summary.number(micros / 1000.0, 1);
    }

    /** Requests per second the API answers with eight clients in a closed loop (tasks running meanwhile). */
    private static double apiCapacity(TalisClient api, int seconds) throws InterruptedException {
        AtomicBoolean going = new AtomicBoolean(true);
        long[] counts = new long[8];
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            int index = i;
            Thread client = new Thread(() -> {
                while (going.get()) {
                    if (api.post("api/v1/instances", INSTANCE_REQUEST).status() == 201) {
                        counts[index]++;
                    }
                }
            });
            client.start();
            clients.add(client);
        }
        long started = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        going.set(false);
        for (Thread client : clients) {
            client.join();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        return total / elapsed;
    }

    private Histogram peerRun(BenchRun run, int workers, long poll, double rate) throws Exception {
        OneTimeTask<Void> task = Tasks.oneTime(DbSchedulerPeer.TASK).execute((instance, context) -> { });
        try (DbScheduler.Peer peer = run.peer().start("lock-and-fetch", workers, poll, 0);
             HikariDataSource pool = peer.database().pool(8)) {
            BenchPostgres.Db database = peer.database();
            SchedulerClient client = SchedulerClient.Builder.create(pool, task).build();
            OpenLoop.Sent sent = run.measured("db-scheduler latency", () -> OpenLoop.run(rate, run.scale().latencySeconds(),
                    run.scale().latencyWarmupSeconds(), sequence -> {
                        String id = String.valueOf(sequence);
                        client.scheduleIfNotExists(task.instance(id), Instant.now());
                        return id;
                    }));
            while (database.sql().number("SELECT count(*) FROM scheduled_tasks") > 0) {
                Thread.sleep(100);
            }
            return histogram(sent, peer.takeStarts());
        }
    }

    private Histogram talisPolling(BenchRun run, TalisNode talis, double rate) throws Exception {
        talis.freshTables();
        BenchPostgres.Db database = talis.database();
        long owner = talis.fixtures().ownerId();
        long project = talis.fixtures().projectId();
        database.sql().update("ALTER TABLE tasks DISABLE TRIGGER tasks_inserted");
        try (HikariDataSource pool = database.pool(8)) {
            OpenLoop.Sent sent = run.measured("Talis polling latency", () -> OpenLoop.run(rate, run.scale().latencySeconds(),
                    run.scale().latencyWarmupSeconds(), sequence -> {
                        try (Connection connection = pool.getConnection();
                             PreparedStatement insert = connection.prepareStatement(
                                     "INSERT INTO tasks (owner_id, project_id, action, payload) VALUES (?, ?, ?, '{}') RETURNING id")) {
                            insert.setLong(1, owner);
                            insert.setLong(2, project);
                            insert.setString(3, ScriptedWorkHandler.ACTION);
                            try (ResultSet id = insert.executeQuery()) {
                                id.next();
                                return String.valueOf(id.getLong(1));
                            }
                        }
                    }));
            awaitIdle(talis);
            return histogram(sent, starts(database, "SELECT id::text, " + MICROS + " FROM tasks"));
        } finally {
            database.sql().update("ALTER TABLE tasks ENABLE TRIGGER tasks_inserted");
        }
    }

    private Histogram talisApi(BenchRun run, TalisNode talis, TalisClient api, double rate) throws Exception {
        talis.freshTables();
        OpenLoop.Sent sent = run.measured("Talis API latency", () -> OpenLoop.run(rate, run.scale().latencySeconds(),
                run.scale().latencyWarmupSeconds(), sequence -> {
                    TalisClient.Reply reply = api.post("api/v1/instances", INSTANCE_REQUEST);
                    if (reply.status() != 201) {
                        throw new IllegalStateException("create answered " + reply.status() + ": " + reply.text());
                    }
                    return String.valueOf(reply.data().asJsonArray().getJsonObject(0).getJsonNumber("id").longValue());
                }));
        awaitIdle(talis);
        return histogram(sent, starts(talis.database(),
                "SELECT instance_id::text, " + MICROS + " FROM tasks WHERE action = 'create_instances'"));
    }

    private static final String MICROS = "(extract(epoch FROM started_at) * 1000000)::bigint";

    private static Map<String, Long> starts(BenchPostgres.Db database, String query) {
        Map<String, Long> starts = new HashMap<>();
        for (Map<String, Object> row : database.sql().rows(query)) {
            var values = row.values().iterator();
            starts.put((String) values.next(), ((Number) values.next()).longValue());
        }
        return starts;
    }

    private static Histogram histogram(OpenLoop.Sent sent, Map<String, Long> startsMicros) {
        Histogram latency = new Histogram(120_000_000L, 3);
        int missing = 0;
        for (Map.Entry<String, Long> entry : sent.dueMicros().entrySet()) {
            Long start = startsMicros.get(entry.getKey());
            if (start == null) {
                missing++;
            } else if (entry.getValue() >= sent.countFromMicros()) {
                latency.recordValue(Math.max(0, start - entry.getValue()));
            }
        }
        if (missing > 0 || sent.failures() > 0) {
            throw new IllegalStateException(missing + " tasks never started, " + sent.failures() + " sends failed");
        }
        return latency;
    }

    private static void awaitIdle(TalisNode talis) throws InterruptedException {
        while (talis.database().sql().number("SELECT count(*) FROM tasks WHERE status IN ('pending', 'running')") > 0) {
            Thread.sleep(100);
        }
    }
}
