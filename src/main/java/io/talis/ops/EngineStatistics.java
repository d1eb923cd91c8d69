package io.talis.ops;

import io.talis.engine.ClaimedTask;
import io.talis.engine.TaskEnd;
import io.talis.engine.TaskObserver;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * This node's task counts since it started, and how long attempts took over the last five
 * minutes (HdrHistogram intervals of one minute, so a slow hour long ago does not hide a fast now).
 */
@ApplicationScoped
public class EngineStatistics implements TaskObserver {

    private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int INTERVALS_KEPT = 5;
    private static final long LONGEST_TRACKED_MILLIS = TimeUnit.HOURS.toMillis(24);

    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder terminated = new LongAdder();
    private final LongAdder released = new LongAdder();
    private final LongAdder leasesLost = new LongAdder();
    private final Recorder durations = new Recorder(LONGEST_TRACKED_MILLIS, 3);
    private final Deque<Histogram> recent = new ArrayDeque<>();
    private long intervalStartedNanos = System.nanoTime();

    @Override
    public void finished(ClaimedTask task, TaskEnd end, long tookMillis) {
        switch (end) {
            case COMPLETED -> completed.increment();
            case FAILED -> failed.increment();
            case RETRIED -> retried.increment();
            case TERMINATED -> terminated.increment();
            case RELEASED -> released.increment();
            case LEASE_LOST -> leasesLost.increment();
        }
        durations.recordValue(Math.min(Math.max(tookMillis, 0), LONGEST_TRACKED_MILLIS));
    }

    public long completed() {
        return completed.sum();
    }

    public long failed() {
        return failed.sum();
    }

    public long retried() {
        return retried.sum();
    }

    public long terminated() {
        return terminated.sum();
    }

    public long released() {
        return released.sum();
    }

    public long leasesLost() {
        return leasesLost.sum();
    }

    public double averageTaskMillis() {
        Histogram window = window();
        return window.getTotalCount() == 0 ? 0 : window.getMean();
    }

    public long p99TaskMillis() {
        return window().getValueAtPercentile(99);
    }

    /** The attempts of the last five minutes (and of the current one). */
    private synchronized Histogram window() {
        long now = System.nanoTime();
        if (now - intervalStartedNanos >= INTERVAL_NANOS) {
            recent.addLast(durations.getIntervalHistogram());
            intervalStartedNanos = now;
            while (recent.size() > INTERVALS_KEPT) {
                recent.removeFirst();
            }
        }
        Histogram window = new Histogram(LONGEST_TRACKED_MILLIS, 3);
        recent.forEach(window::add);
        // The current minute so far: taken into the newest kept interval so it is counted once.
        Histogram current = durations.getIntervalHistogram();
        if (recent.isEmpty()) {
            recent.addLast(current);
        } else {
            recent.getLast().add(current);
        }
        window.add(current);
        return window;
    }
}
