package io.talis.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How busy the machine was with work that is not the benchmark's: the CPU time, between two
 * snapshots, of every process that is neither this harness and its children (Talis, the peer)
 * nor the benchmark's PostgreSQL and its backends, as a share of all cores.
 */
public final class ForeignLoad {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private final Set<Long> ownRoots;

    public ForeignLoad(long postmasterPid) {
        this.ownRoots = Set.of(ProcessHandle.current().pid(), postmasterPid);
    }

    /** CPU ticks, parent and name per process, with the wall clock. */
    public record Snapshot(long nanos, Map<Long, Long> ticks, Map<Long, Long> parents, Map<Long, String> names) {
    }

    /** The share of the machine's cores (0 to 1) other processes used, and the busiest of them. */
    public record Share(double ofCores, String busiest) {
    }

    public Snapshot snapshot() {
        Map<Long, Long> ticks = new HashMap<>();
        Map<Long, Long> parents = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long pid = Long.parseLong(p.getFileName().toString());
                    parents.put(pid, Long.parseLong(fields[1]));
                    names.put(pid, stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
                    ticks.put(pid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            });
        } catch (IOException e) {
            return new Snapshot(System.nanoTime(), Map.of(), Map.of(), Map.of());
        }
        return new Snapshot(System.nanoTime(), ticks, parents, names);
    }

    /** How much of the machine's cores other processes used between the snapshots, and which used most. */
    public Share foreignShare(Snapshot before, Snapshot after) {
        if (after.ticks().isEmpty()) {
            return new Share(0, "");
        }
        Map<Long, Long> foreign = new HashMap<>();
        after.ticks().forEach((pid, ticks) -> {
            long used = ticks - before.ticks().getOrDefault(pid, 0L);
            if (used > 0 && !descendsFromOwn(pid, after.parents())) {
                foreign.put(pid, used);
            }
        });
        double seconds = (after.nanos() - before.nanos()) / 1e9;
        double cores = seconds * Runtime.getRuntime().availableProcessors();
        String busiest = foreign.entrySet().stream()
                .sorted(Map.Entry.<Long, Long>comparingByValue().reversed())
                .limit(3)
                .map(entry -> String.format(Locale.ROOT, "%s (pid %d, %.0f%%)", after.names().get(entry.getKey()),
                        entry.getKey(), entry.getValue() / TICKS_PER_SECOND / cores * 100))
                .collect(Collectors.joining(", "));
        long total = foreign.values().stream().mapToLong(Long::longValue).sum();
        return new Share(total / TICKS_PER_SECOND / cores, busiest);
    }

    private boolean descendsFromOwn(long pid, Map<Long, Long> parents) {
        for (int depth = 0; depth < 64 && pid > 1; depth++) {
            if (ownRoots.contains(pid)) {
                return true;
            }
            pid = parents.getOrDefault(pid, 0L);
        }
        return false;
    }
}
