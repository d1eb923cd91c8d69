package io.talis.ops;

import io.talis.engine.Dispatcher;
import io.talis.engine.TaskLedger;
import io.talis.engine.WorkerPool;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * With WORKER_AUTOSCALE=true, sizes the worker pool to the work: every few seconds, enough
 * workers for the running tasks plus the runnable backlog, between WORKER_COUNT_MIN and
 * WORKER_COUNT_MAX; growing at once, shrinking by at most a quarter per step so a short lull
 * does not throw workers away. Off by default: then WORKER_COUNT (or JMX) decides.
 */
@Singleton
@Startup
@DependsOn("Dispatcher")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WorkerAutoscaler {

    private static final Logger LOG = Logger.getLogger(WorkerAutoscaler.class.getName());
    private static final long CHECK_MILLIS = 5_000;

    @Resource
    TimerService timers;

    @EJB
    Dispatcher dispatcher;

    @Inject
    WorkerPool pool;

    @Inject
    TaskLedger ledger;

    @Inject
    @ConfigProperty(name = "WORKER_AUTOSCALE")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "WORKER_COUNT_MIN")
    int min;

    @Inject
    @ConfigProperty(name = "WORKER_COUNT_MAX")
    int max;

    @PostConstruct
    void start() {
        if (!enabled) {
            return;
        }
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("WORKER_COUNT_MIN and WORKER_COUNT_MAX must satisfy 1 <= min <= max, got "
                    + min + " and " + max);
        }
        timers.createIntervalTimer(CHECK_MILLIS, CHECK_MILLIS, new TimerConfig("talis-worker-autoscaler", false));
        LOG.info(() -> "autoscaling workers between " + min + " and " + max);
    }

    @Timeout
    void adjust() {
        long backlog;
        try {
            backlog = ledger.runnableBacklog(max);
        } catch (SQLException e) {
            return; // the dispatcher reports database trouble; keep the current size meanwhile
        }
        int current = dispatcher.workerCount();
        int target = target(current, pool.busyWorkers(), backlog, min, max);
        if (target != current) {
            dispatcher.setWorkerCount(target);
        }
    }

    /** The next pool size for {@code busy} running tasks and {@code backlog} waiting ones. */
    static int target(int current, int busy, long backlog, int min, int max) {
        long wanted = Math.max(min, Math.min(max, busy + backlog));
        if (wanted >= current) {
            return (int) wanted;
        }
        int slowestShrink = current - Math.max(1, current / 4);
        return (int) Math.max(wanted, slowestShrink);
    }

    public boolean enabled() {
        return enabled;
    }

    public int min() {
        return min;
    }

    public int max() {
        return max;
    }
}
