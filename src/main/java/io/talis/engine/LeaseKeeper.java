package io.talis.engine;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Keeps the leases of this node's running tasks alive (one statement per heartbeat for all of
 * them) and takes back, continuously, the tasks of nodes whose leases expired.
 *
 * <p>A heartbeat tells each attempt whether it still holds its lease and whether a termination
 * was requested; an attempt whose lease is gone is stopped before another node can start it.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class LeaseKeeper {

    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class.getName());

    @Resource
    TimerService timers;

    @Inject
    EngineSettings settings;

    @Inject
    TaskLedger ledger;

    @Inject
    WorkerPool pool;

    private final OutageBackoff heartbeatOutage = new OutageBackoff("renewing task leases", LOG);
    private final OutageBackoff recoveryOutage = new OutageBackoff("recovering expired leases", LOG);
    private final AtomicLong recovered = new AtomicLong();

    @PostConstruct
    void start() {
        long interval = settings.heartbeatInterval().toMillis();
        timers.createIntervalTimer(interval, interval, new TimerConfig("talis-lease-keeper", false));
    }

    @Timeout
    void tick() {
        renewLeases();
        recoverExpiredLeases();
    }

    /** How many tasks of dead nodes this node took back since it started. */
    public long recoveredCount() {
        return recovered.get();
    }

    /** Renews the leases of every task running here; also called while draining at shutdown. */
    public synchronized void renewLeases() {
        List<RunningTask> running = pool.running();
        if (running.isEmpty() || !heartbeatOutage.mayTry()) {
            return;
        }
        long startedNanos = System.nanoTime();
        List<TaskLedger.Renewal> renewals;
        try {
            renewals = ledger.renew(running.stream().map(RunningTask::key).toList(), settings.lease());
            heartbeatOutage.succeeded();
        } catch (SQLException e) {
            heartbeatOutage.failed(e);
            // Attempts whose lease is now in doubt stop themselves at their next checkpoint.
            return;
        }
        Map<TaskLedger.Attempt, TaskLedger.Renewal> held = new HashMap<>();
        renewals.forEach(renewal -> held.put(new TaskLedger.Attempt(renewal.taskId(), renewal.attempt()), renewal));
        for (RunningTask task : running) {
            TaskLedger.Renewal renewal = held.get(task.key());
            if (renewal == null) {
                task.stop(StopReason.LEASE_LOST);
            } else {
                task.leaseRenewed(startedNanos);
                if (renewal.cancelRequested()) {
                    task.stop(StopReason.CANCELLED);
                }
            }
        }
    }

    private void recoverExpiredLeases() {
        if (!recoveryOutage.mayTry()) {
            return;
        }
        try {
            List<TaskLedger.Recovery> recoveries = ledger.recoverExpired(settings.maxAttempts());
            recoveryOutage.succeeded();
            recovered.addAndGet(recoveries.size());
            for (TaskLedger.Recovery recovery : recoveries) {
                LOG.warning(() -> "task " + recovery.taskId() + ": lease expired, recovered by node "
                        + ledger.node() + " as " + recovery.status().dbValue());
            }
        } catch (SQLException e) {
            recoveryOutage.failed(e);
        }
    }
}
