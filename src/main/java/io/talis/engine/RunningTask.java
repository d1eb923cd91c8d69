package io.talis.engine;

import static io.talis.common.SharedJson.JSON;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One attempt of a task on this node: the context its handler sees, the stop signal that
 * cancellation, shutdown and lease loss raise, and the local view of the lease.
 *
 * <p>The lease counts as held locally until two thirds of its length after the start of the last
 * successful renewal; heartbeats come every third, so one missed heartbeat is tolerated and the
 * attempt stops itself well before the database lease expires and another node may take over.
 */
final class RunningTask implements TaskContext {

    private static final Logger LOG = Logger.getLogger(RunningTask.class.getName());

    private final ClaimedTask claim;
    private final TaskLedger ledger;
    private final Duration lease;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private volatile StopReason stopReason;
    private volatile long leaseHeldUntilNanos;
    private volatile long startedNanos;
    private JsonObject payload;

    RunningTask(ClaimedTask claim, TaskLedger ledger, Duration lease, long claimStartedNanos) {
        this.claim = claim;
        this.ledger = ledger;
        this.lease = lease;
        leaseRenewed(claimStartedNanos);
    }

    /** A worker thread has picked the task up (until then it is claimed and waiting for a thread). */
    void markStarted() {
        startedNanos = System.nanoTime();
    }

    boolean hasStarted() {
        return startedNanos != 0;
    }

    long runningMillis() {
        return runningNanos() / 1_000_000;
    }

    long runningNanos() {
        return hasStarted() ? System.nanoTime() - startedNanos : 0;
    }

    TaskLedger.Attempt key() {
        return new TaskLedger.Attempt(claim.id(), claim.attempt());
    }

    ClaimedTask claim() {
        return claim;
    }

    /** Records a successful renewal whose statement started at {@code renewalStartedNanos}. */
    void leaseRenewed(long renewalStartedNanos) {
        leaseHeldUntilNanos = renewalStartedNanos + lease.toNanos() * 2 / 3;
    }

    boolean leaseExpiredLocally() {
        return System.nanoTime() - leaseHeldUntilNanos > 0;
    }

    /** Asks the handler to stop at its next step boundary; the first reason wins. */
    void stop(StopReason reason) {
        synchronized (stopSignal) {
            if (stopReason == null) {
                stopReason = reason;
            }
        }
        stopSignal.countDown();
    }

    StopReason stopReason() {
        return stopReason;
    }

    @Override
    public long taskId() {
        return claim.id();
    }

    @Override
    public String node() {
        return ledger.node();
    }

    @Override
    public int attempt() {
        return claim.attempt();
    }

    @Override
    public String action() {
        return claim.action();
    }

    @Override
    public synchronized JsonObject payload() {
        if (payload == null) {
            try (JsonReader reader = JSON.createReader(new StringReader(claim.payloadJson()))) {
                payload = reader.readObject();
            }
        }
        return payload;
    }

    @Override
    public long ownerId() {
        return claim.ownerId();
    }

    @Override
    public long projectId() {
        return claim.projectId();
    }

    @Override
    public Long instanceId() {
        return claim.instanceId();
    }

    @Override
    public void log(String message) {
        String line = "[" + ledger.node() + " attempt " + claim.attempt() + "] " + message;
        try {
            ledger.appendLog(key(), line);
        } catch (SQLException e) {
            // Losing a progress line must not fail the task; the outcome is recorded separately.
            LOG.log(Level.WARNING, "task {0} attempt {1} on node {2}: could not append to its logs: {3}",
                    new Object[] {claim.id(), claim.attempt(), ledger.node(), OutageBackoff.oneLine(e)});
        }
    }

    @Override
    public void checkpoint() {
        if (leaseExpiredLocally()) {
            stop(StopReason.LEASE_LOST);
        }
        StopReason reason = stopReason;
        if (reason != null) {
            throw new TaskStoppedException(reason);
        }
    }

    @Override
    public void sleep(Duration duration) {
        checkpoint();
        try {
            stopSignal.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(StopReason.SHUTDOWN);
        }
        checkpoint();
    }
}
