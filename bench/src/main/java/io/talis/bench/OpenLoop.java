package io.talis.bench;

import io.talis.bench.peer.DbSchedulerPeer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop producer: sends at a fixed rate whatever the answers take (a pool of senders
 * absorbs slow ones), and keeps for each task the time it was due to be sent, so that a stall
 * counts against the latency instead of hiding it (no coordinated omission).
 */
public final class OpenLoop {

    /** Enqueues task number {@code sequence}; returns the key its start will be found by. */
    @FunctionalInterface
    public interface Sender {
        String send(long sequence) throws Exception;
    }

    /** What was sent: each key's due time (epoch microseconds), and when counting began. */
    public record Sent(Map<String, Long> dueMicros, long countFromMicros, int failures) {
    }

    private OpenLoop() {
    }

    public static Sent run(double perSecond, int seconds, int warmupSeconds, Sender sender) throws InterruptedException {
        ExecutorService senders = Executors.newFixedThreadPool(32);
        Map<String, Long> due = new ConcurrentHashMap<>();
        AtomicInteger failures = new AtomicInteger();
        long periodNanos = (long) (1e9 / perSecond);
        long baseNanos = System.nanoTime();
        long baseMicros = DbSchedulerPeer.epochMicros();
        long total = (long) (perSecond * seconds);
        for (long i = 0; i < total; i++) {
            long dueNanos = baseNanos + i * periodNanos;
            long wait;
            while ((wait = dueNanos - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            long dueMicros = baseMicros + (dueNanos - baseNanos) / 1_000;
            long sequence = i;
            senders.execute(() -> {
                try {
                    due.put(sender.send(sequence), dueMicros);
                } catch (Exception e) {
                    if (failures.incrementAndGet() <= 3) {
                        BenchRun.log("send failed: " + e);
                    }
                }
            });
        }
        senders.shutdown();
        senders.awaitTermination(2, TimeUnit.MINUTES);
        return new Sent(due, baseMicros + warmupSeconds * 1_000_000L, failures.get());
    }
}
