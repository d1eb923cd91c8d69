package io.talis.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
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

    /** CPU ticks per process, with the wall clock. */
    public record Snapshot(long nanos, Map<Long, Long> ticks, Map<Long, Long> parents) {
    }

    public Snapshot snapshot() {
        Map<Long, Long> ticks = new HashMap<>();
        Map<Long, Long> parents = new HashMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long pid = Long.parseLong(p.getFileName().toString());
                    parents.put(pid, Long.parseLong(fields[1]));
                    ticks.put(pid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            });
        } catch (IOException e) {
            return new Snapshot(System.nanoTime(), Map.of(), Map.of());
        }
        return new Snapshot(System.nanoTime(), ticks, parents);
    }

    /** The share of the machine's cores (0 to 1) that other processes used between the snapshots. */
    public double foreignShare(Snapshot before, Snapshot after) {
        if (after.ticks().isEmpty()) {
            return 0;
        }
        Set<Long> own = new HashSet<>();
        for (Long pid : after.parents().keySet()) {
            if (descendsFromOwn(pid, after.parents())) {
                own.add(pid);
            }
        }
        long foreignTicks = 0;
        for (Map.Entry<Long, Long> entry : after.ticks().entrySet()) {
            if (!own.contains(entry.getKey())) {
                foreignTicks += entry.getValue() - before.ticks().getOrDefault(entry.getKey(), 0L);
            }
        }
        double seconds = (after.nanos() - before.nanos()) / 1e9;
        return foreignTicks / TICKS_PER_SECOND / seconds / Runtime.getRuntime().availableProcessors();
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
