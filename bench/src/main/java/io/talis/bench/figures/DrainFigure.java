package io.talis.bench.figures;

import io.talis.bench.BenchRun;
import io.talis.bench.Chart;
import io.talis.bench.Report;
import io.talis.bench.Summary;
import io.talis.bench.side.DbScheduler;
import io.talis.bench.side.Drain;
import io.talis.bench.side.TalisNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * Figure 1, drain throughput: N no-op tasks enqueued in bulk before the clock starts, drained by
 * Talis and by db-scheduler in both polling modes, at each worker count; one warm-up each, then
 * the runs with the order of the systems alternated.
 */
public final class DrainFigure implements Figure {

    static final String TALIS = "Talis";

    @Override
    public String id() {
        return "drain";
    }

    @Override
    public Report.Section run(BenchRun run) throws Exception {
        var scale = run.scale();
        List<List<String>> rows = new ArrayList<>();
        Map<String, Map<String, Double>> chart = Chart.series();
        for (int workers : scale.drainWorkers()) {
            Map<String, List<Drain>> results = drains(run, workers, scale.drainTasks(), 0, scale.drainWarmupTasks(), scale.drainRuns());
            Summary talis = throughput(results.get(TALIS));
            double bestPeer = 0;
            String bestMode = "";
            for (String mode : DbScheduler.MODES) {
                double median = throughput(results.get(mode)).median();
                if (median > bestPeer) {
                    bestPeer = median;
                    bestMode = mode;
                }
            }
            List<String> row = new ArrayList<>(List.of(String.valueOf(workers), talis.format(0)));
            for (String mode : DbScheduler.MODES) {
                row.add(throughput(results.get(mode)).format(0));
            }
            row.add(String.format(Locale.ROOT, "%.2f (vs %s)", talis.median() / bestPeer, bestMode));
            row.add(commits(results.get(TALIS)).format(2));
            for (String mode : DbScheduler.MODES) {
                row.add(commits(results.get(mode)).format(2));
            }
            rows.add(row);
            for (Map.Entry<String, List<Drain>> entry : results.entrySet()) {
                String series = entry.getKey().equals(TALIS) ? TALIS : "db-scheduler " + entry.getKey();
                chart.computeIfAbsent(series, s -> new LinkedHashMap<>())
                        .put(workers + " workers", throughput(entry.getValue()).median());
            }
        }
        String png = "benchmarks-drain" + (scale.isSmoke() ? "-smoke" : "") + ".png";
        Chart.bars(run.docs().resolve(png), "Drain of " + String.format(Locale.ROOT, "%,d", scale.drainTasks())
                + " no-op tasks", "workers", "tasks per second (median)", chart);
        String table = Report.table(List.of("workers", "Talis tasks/s", "db-scheduler lock-and-fetch", "db-scheduler fetch",
                "Talis / best peer", "commits per task: Talis", "lock-and-fetch", "fetch"), rows);
        return new Report.Section(id(), "Drain of " + String.format(Locale.ROOT, "%,d", scale.drainTasks())
                + " no-op tasks, median of " + scale.drainRuns() + " runs (min-max), after one warm-up of "
                + String.format(Locale.ROOT, "%,d", scale.drainWarmupTasks()) + "; polling every "
                + scale.drainPollMillis() + " ms on both sides.\n\n" + table + "\n![drain throughput](" + png + ")\n");
    }

    /**
     * Drains on Talis and on db-scheduler in both modes, each system in a process of its own that
     * lives for the whole series: a warm-up, then the runs, the order alternated every run.
     */
    static Map<String, List<Drain>> drains(BenchRun run, int workers, int tasks, long sleepMillis, int warmup, int runs)
            throws Exception {
        String payload = "{\"sleep_ms\": " + sleepMillis + "}";
        TalisNode talis = run.talis(workers, run.scale().drainPollMillis());
        Map<String, DbScheduler.Peer> peers = new LinkedHashMap<>();
        Map<String, List<Drain>> results = new LinkedHashMap<>();
        results.put(TALIS, new ArrayList<>());
        try {
            for (String mode : DbScheduler.MODES) {
                peers.put(mode, run.peer().start(mode, workers, run.scale().drainPollMillis(), sleepMillis));
                results.put(mode, new ArrayList<>());
            }
            if (warmup > 0) {
                talis.drain(warmup, payload, pid -> { });
                for (DbScheduler.Peer peer : peers.values()) {
                    peer.drain(warmup, pid -> { });
                }
            }
            List<String> order = new ArrayList<>(results.keySet());
            for (int i = 0; i < runs; i++) {
                for (String system : order) {
                    String label = system + ", " + workers + " workers, run " + (i + 1);
                    Drain drain = system.equals(TALIS)
                            ? run.measured(label, () -> talis.drain(tasks, payload, pid -> { }))
                            : run.measured(label, () -> peers.get(system).drain(tasks, pid -> { }));
                    results.get(system).add(drain);
                }
                Collections.reverse(order);
            }
        } finally {
            for (DbScheduler.Peer peer : peers.values()) {
                peer.close();
            }
        }
        return results;
    }

    static Summary throughput(List<Drain> drains) {
        return Summary.of(drains.stream().map(Drain::tasksPerSecond).toList());
    }

    static Summary commits(List<Drain> drains) {
        return Summary.of(drains.stream().map(Drain::commitsPerTask).toList());
    }
}
