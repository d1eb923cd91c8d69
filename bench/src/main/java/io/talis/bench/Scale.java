package io.talis.bench;

import java.util.List;

/** How much work each figure does: the full suite, or the smoke version that guards the harness. */
public record Scale(
        String name,
        List<Integer> drainWorkers,
        int drainTasks,
        int drainWarmupTasks,
        int drainRuns,
        long drainPollMillis,
        int ioTasks,
        long ioSleepMillis,
        int ioWorkers,
        int ioRuns,
        int latencyWorkers,
        long latencyPollMillis,
        int latencySeconds,
        int latencyWarmupSeconds,
        int calibrationSeconds,
        List<Integer> growthFinished,
        int growthClaims,
        List<Integer> growthPending,
        int growthWorkers,
        int ceilingSeconds,
        List<Integer> ceilingClients) {

    /** The figures: under 20 minutes on 2 cores. */
    public static Scale full() {
        return new Scale("full", List.of(4, 16, 64), 50_000, 5_000, 3, 1_000,
                5_000, 50, 100, 3,
                16, 100, 60, 5, 5,
                List.of(1_000, 1_000_000), 300, List.of(1_000, 100_000), 16,
                5, List.of(1, 16));
    }

    /** A few seconds of each figure on one server boot, so that the harness cannot rot. */
    public static Scale smoke() {
        return new Scale("smoke", List.of(4), 300, 0, 1, 100,
                100, 20, 4, 1,
                4, 100, 3, 1, 1,
                List.of(1_000, 3_000), 20, List.of(100, 500), 4,
                1, List.of(1, 4));
    }

    /**
     * This scale with the drain figure narrowed by system properties, for quick looks while
     * working on the engine: {@code bench.drain.workers=16}, {@code bench.drain.tasks=20000},
     * {@code bench.drain.runs=1}.
     */
    public Scale withDrainOverrides() {
        List<Integer> workers = System.getProperty("bench.drain.workers") == null ? drainWorkers
                : java.util.Arrays.stream(System.getProperty("bench.drain.workers").split(",")).map(Integer::parseInt).toList();
        return new Scale(name, workers, Integer.getInteger("bench.drain.tasks", drainTasks), drainWarmupTasks,
                Integer.getInteger("bench.drain.runs", drainRuns), drainPollMillis, ioTasks, ioSleepMillis, ioWorkers, ioRuns,
                latencyWorkers, latencyPollMillis, latencySeconds, latencyWarmupSeconds, calibrationSeconds,
                growthFinished, growthClaims, growthPending, growthWorkers, ceilingSeconds, ceilingClients);
    }

    public boolean isSmoke() {
        return name.equals("smoke");
    }
}
