package io.talis.bench;

import io.talis.bench.side.DbScheduler;
import io.talis.bench.side.TalisNode;
import io.talis.bench.side.TalisNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * One benchmark run: the PostgreSQL both sides use, the Talis nodes, the peer, the scale, and
 * the watch on the machine (a measurement taken while other work used more than
 * {@value #BUSY_SHARE} of the cores is taken once more, while the run's time for repeats lasts,
 * the quieter one kept, and reported).
 */
public final class BenchRun implements AutoCloseable {

    /** The same JVM flags for Talis on Payara Micro and for db-scheduler. */
    public static final List<String> JVM_FLAGS = List.of("-Xmx512m");
    public static final String ADMIN_KEY = "bench-admin-key-0123456789";
    private static final double BUSY_SHARE = 0.25;
    /**
     * Time a run may spend on measurements taken once more: the figures take about 16 minutes, and
     * the suite must stay under 20 on a machine others share (one busy run repeated 46
     * measurements, 3.6 minutes' worth).
     */
    private static final Duration REPEAT_BUDGET = Duration.ofMinutes(2);

    private final Scale scale;
    private final Path workDir;
    private final Path docs;
    private final BenchPostgres postgres;
    private final BenchPostgres.Db talisDatabase;
    private final TalisNodes nodes;
    private final DbScheduler peer;
    private final ForeignLoad foreignLoad;
    private final List<String> disturbances = new ArrayList<>();
    private double worstForeignShare;
    private long repeatedNanos;

    public BenchRun(Scale scale, Path workDir, Path docs) throws Exception {
        this.scale = scale;
        this.workDir = workDir;
        this.docs = docs;
        Files.createDirectories(workDir);
        log("starting PostgreSQL");
        this.postgres = BenchPostgres.start(scale.isSmoke() ? 300 : 1_200);
        this.talisDatabase = postgres.fresh("talis_bench");
        this.nodes = new TalisNodes(workDir, JVM_FLAGS);
        this.peer = new DbScheduler(postgres, JVM_FLAGS, workDir);
        this.foreignLoad = new ForeignLoad(postgres.postmasterPid());
    }

    public Scale scale() {
        return scale;
    }

    public Path workDir() {
        return workDir;
    }

    /** Where the document and its charts go. */
    public Path docs() {
        return docs;
    }

    public BenchPostgres postgres() {
        return postgres;
    }

    public TalisNodes nodes() {
        return nodes;
    }

    public DbScheduler peer() {
        return peer;
    }

    /** A Talis node with this many workers and this polling interval (booted, or the one running). */
    public TalisNode talis(int workers, long pollMillis) throws Exception {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("WORKER_COUNT", String.valueOf(workers));
        config.put("TASK_POLL_INTERVAL_MS", String.valueOf(pollMillis));
        config.put("TALIS_ADMIN_API_KEY", ADMIN_KEY);
        config.put("SIMULATED_PROVIDER_LATENCY_MS", "0");
        config.put("TASK_SHUTDOWN_GRACE_SECONDS", "5");
        log("Talis node: " + workers + " workers, polling every " + pollMillis + " ms");
        return nodes.node(talisDatabase, config);
    }

    /**
     * Runs a measurement; when other work used more than a quarter of the machine meanwhile, runs
     * it once more, if the run's {@link #REPEAT_BUDGET} allows, and keeps the quieter of the two
     * (more would not fit the suite's 20 minutes on a machine that others share).
     */
    public <T> T measured(String what, Callable<T> measurement) throws Exception {
        T best = null;
        double bestShare = Double.MAX_VALUE;
        int attempts = scale.isSmoke() ? 1 : 2;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            ForeignLoad.Snapshot before = foreignLoad.snapshot();
            long began = System.nanoTime();
            T result = measurement.call();
            long took = System.nanoTime() - began;
            ForeignLoad.Share foreign = foreignLoad.foreignShare(before, foreignLoad.snapshot());
            double share = foreign.ofCores();
            if (attempt > 1) {
                repeatedNanos += took;
            }
            if (share < bestShare) {
                best = result;
                bestShare = share;
            }
            if (share <= BUSY_SHARE || attempt == attempts) {
                break;
            }
            boolean repeatFits = repeatedNanos + took <= REPEAT_BUDGET.toNanos();
            String note = String.format(Locale.ROOT, "%s: other processes used %.0f%% of the cores (attempt %d; most: %s)%s",
                    what, share * 100, attempt, foreign.busiest(), repeatFits ? "" : "; kept, the time for repeats is used up");
            log(note);
            disturbances.add(note);
            if (!repeatFits) {
                break;
            }
        }
        worstForeignShare = Math.max(worstForeignShare, bestShare);
        String shown = String.valueOf(best);
        log(what + ": " + (shown.length() > 160 ? shown.substring(0, 160) + "..." : shown));
        return best;
    }

    /** The measurements that were taken again because the machine was busy. */
    public List<String> disturbances() {
        return List.copyOf(disturbances);
    }

    /** The largest share of the cores other work used during a kept measurement. */
    public double worstForeignShare() {
        return worstForeignShare;
    }

    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static void log(String message) {
        System.out.println("[bench " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] " + message);
    }

    @Override
    public void close() throws Exception {
        nodes.close();
        postgres.close();
    }
}
