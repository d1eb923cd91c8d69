package io.talis.engine;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The dispatcher: an interval timer (TASK_POLL_INTERVAL_MS) whose every round claims, in one
 * statement, at most as many tasks as there are free workers and starts them. Rounds also run at
 * once, outside the timer, when tasks are enqueued on this node ({@link #wake()}), when another
 * node's enqueue is heard through LISTEN/NOTIFY, and when a worker frees up while tasks may be
 * waiting; polling stays as the safety net. Rounds never overlap.
 *
 * <p>{@link #shutdown()} ({@code @PreDestroy}) drives a graceful stop: no more claims, running
 * tasks get TASK_SHUTDOWN_GRACE_SECONDS to finish (their leases still renewed), then the rest are
 * stopped at their next step boundary and their claims released so another node can take them at
 * once. When the process is stopped by a signal the same drain starts on the signal, before the
 * server tears the application down (see {@link ShutdownSignals}).
 */
@ManagedExecutorDefinition(name = WorkerPool.EXECUTOR, maxAsync = Dispatcher.MAX_WORKER_THREADS, hungTaskThreshold = -1)
@ManagedExecutorDefinition(name = Dispatcher.ROUND_EXECUTOR, maxAsync = 2, hungTaskThreshold = -1)
@Singleton
@Startup
@DependsOn({"SchemaMigrations", "LeaseKeeper"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());

    /** Upper bound of WORKER_COUNT: the threads the worker executor may create. */
    static final int MAX_WORKER_THREADS = 512;
    static final String ROUND_EXECUTOR = "java:app/concurrent/TalisDispatchRounds";
    /** How long stopped tasks get to reach a step boundary before their claims are released anyway. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    @Resource
    TimerService timers;

    @Resource(lookup = ROUND_EXECUTOR)
    ManagedExecutorService roundExecutor;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    @Inject
    EngineSettings settings;

    @Inject
    TaskLedger ledger;

    @Inject
    WorkerPool pool;

    @Inject
    WakeUpListener listener;

    @EJB
    LeaseKeeper leaseKeeper;

    @Inject
    TaskObservers observers;

    @Inject
    Instance<ConcurrencyLimits> limits;

    private final OutageBackoff outage = new OutageBackoff("claiming tasks", LOG);
    private final AtomicBoolean roundRunning = new AtomicBoolean();
    private final AtomicBoolean roundWanted = new AtomicBoolean();
    private volatile boolean accepting;
    private volatile boolean paused;
    private volatile Instant lastDispatchAt;
    private volatile Instant lastTickAt;
    /** True when the last round filled every free worker, so more tasks may be waiting. */
    private volatile boolean backlog = true;
    private Timer timer;
    private final ShutdownSignals signals = new ShutdownSignals();
    private final Object drainLock = new Object();
    private boolean drained;

    @PostConstruct
    void start() {
        if (settings.workerCount() > MAX_WORKER_THREADS) {
            throw new IllegalArgumentException("WORKER_COUNT must be at most " + MAX_WORKER_THREADS);
        }
        pool.setCapacity(settings.workerCount());
        pool.onWorkerFreed(this::workerFreed);
        // A worker claims its next task with its completion only when nothing else decides what
        // may be claimed: the node accepts work, is not paused, and no provider is capped.
        boolean capped = limits.isResolvable() && !limits.get().perKey().isEmpty();
        pool.claimOnCompletion(() -> accepting && !paused && !capped);
        accepting = true;
        long poll = settings.pollInterval().toMillis();
        timer = timers.createIntervalTimer(poll, poll, new TimerConfig("talis-dispatcher", false));
        listener.start(this::wake, taskId -> pool.stop(taskId, StopReason.CANCELLED));
        signals.install(this::drainForShutdown, threads);
        LOG.info(() -> "dispatcher started on node " + settings.nodeId() + " with " + settings.workerCount()
                + " workers, polling every " + poll + " ms");
    }

    @Timeout
    void tick() {
        lastTickAt = Instant.now();
        roundWanted.set(true);
        if (roundRunning.compareAndSet(false, true)) {
            runRounds();
        }
    }

    /** Brings the next round forward: tasks may be claimable now. Cheap and safe to call often. */
    public void wake() {
        roundWanted.set(true);
        if (accepting && roundRunning.compareAndSet(false, true)) {
            try {
                roundExecutor.execute(this::runRounds);
            } catch (RejectedExecutionException stopping) {
                roundRunning.set(false);
            }
        }
    }

    /** Stops claiming (running tasks go on) until {@link #resume()}. */
    public void pause() {
        paused = true;
        LOG.info(() -> "dispatcher paused on node " + settings.nodeId() + ": no more claims until resumed");
    }

    public void resume() {
        paused = false;
        LOG.info(() -> "dispatcher resumed on node " + settings.nodeId());
        wake();
    }

    public boolean isPaused() {
        return paused;
    }

    /** Changes the number of workers at runtime; takes effect at the next round (within a poll interval). */
    public void setWorkerCount(int workers) {
        if (workers < 1 || workers > MAX_WORKER_THREADS) {
            throw new IllegalArgumentException("the worker count must be between 1 and " + MAX_WORKER_THREADS + ", got " + workers);
        }
        int before = pool.capacity();
        pool.setCapacity(workers);
        LOG.info(() -> "worker count on node " + settings.nodeId() + " changed from " + before + " to " + workers);
        wake();
    }

    public int workerCount() {
        return pool.capacity();
    }

    /** When the dispatcher's timer last fired (null before it first did): the engine's pulse. */
    public Instant lastTickAt() {
        return lastTickAt;
    }

    /** True from the start of a stop on: the node claims nothing more. */
    public boolean isStopping() {
        return !accepting;
    }

    /** When the last claim round ran (null before the first). */
    public Instant lastDispatchAt() {
        return lastDispatchAt;
    }

    private void workerFreed() {
        if (backlog) {
            wake();
        }
    }

    private void runRounds() {
        try {
            while (accepting && roundWanted.getAndSet(false)) {
                claimAndStart();
            }
        } finally {
            roundRunning.set(false);
        }
        // A wake that came after the last check of roundWanted must not be lost.
        if (accepting && roundWanted.get()) {
            wake();
        }
    }

    private void claimAndStart() {
        if (paused) {
            return;
        }
        lastDispatchAt = Instant.now();
        int free = pool.freeWorkers();
        if (free == 0) {
            backlog = true;
            return;
        }
        if (!outage.mayTry()) {
            return;
        }
        long startedNanos = System.nanoTime();
        List<ClaimedTask> claimed;
        try {
            claimed = claim(free);
            outage.succeeded();
        } catch (SQLException | RuntimeException e) {
            outage.failed(e);
            return;
        }
        backlog = claimed.size() == free;
        for (ClaimedTask task : claimed) {
            observers.claimed(task, task.waitedMillis());
            if (!pool.start(new RunningTask(task, ledger, settings.lease(), startedNanos))) {
                releaseUnstarted(task);
            }
        }
    }

    /** One claim of up to {@code free} tasks, within the caps per concurrency key if there are any. */
    private List<ClaimedTask> claim(int free) throws SQLException {
        Map<String, Integer> caps = limits.isResolvable() ? limits.get().perKey() : Map.of();
        if (caps.isEmpty()) {
            return ledger.claim(free, settings.lease());
        }
        Map<String, Integer> busy = pool.runningByKey();
        List<String> full = new ArrayList<>();
        Map<String, Integer> room = new HashMap<>();
        caps.forEach((key, cap) -> {
            int left = cap - busy.getOrDefault(key, 0);
            if (left <= 0) {
                full.add(key);
            } else {
                room.put(key, left);
            }
        });
        return ledger.claimWithin(free, settings.lease(), full, room);
    }

    private void releaseUnstarted(ClaimedTask task) {
        try {
            ledger.release(List.of(new TaskLedger.Attempt(task.id(), task.attempt())));
        } catch (SQLException e) {
            LOG.warning(() -> "task " + task.id() + " on node " + settings.nodeId() + ": could not release a claim the executor refused ("
                    + OutageBackoff.oneLine(e) + "); it will be recovered when its lease expires");
        }
    }

    /**
     * Stops claiming and drains the pool: running tasks get the grace period to finish, with their
     * leases renewed; then the rest are stopped at their next step boundary and their claims
     * released so that another node takes them at once. Runs once; later calls return at once.
     */
    void drainForShutdown() {
        synchronized (drainLock) {
            if (drained) {
                return;
            }
            drained = true;
            accepting = false;
            listener.stop();
            int running = pool.busyWorkers();
            LOG.info(() -> "dispatcher stopping on node " + settings.nodeId() + ": no more claims; " + running
                    + " running tasks get up to " + settings.shutdownGrace().toSeconds() + " s to finish");
            try {
                if (drain(settings.shutdownGrace())) {
                    LOG.info("dispatcher stopped: every running task finished");
                    return;
                }
                LOG.warning(() -> pool.busyWorkers() + " tasks still running after the grace period;"
                        + " stopping them at their next step and releasing their claims");
                pool.stopAll(StopReason.SHUTDOWN);
                if (!drain(STOP_WAIT)) {
                    List<TaskLedger.Attempt> stragglers = pool.running().stream().map(RunningTask::key).toList();
                    int released = ledger.release(stragglers);
                    LOG.warning(() -> released + " claims released for tasks that did not reach a step boundary");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SQLException e) {
                LOG.warning(() -> "could not release the remaining claims (" + OutageBackoff.oneLine(e)
                        + "); they will be recovered when their leases expire");
            }
        }
    }

    @PreDestroy
    void shutdown() {
        signals.uninstall();
        cancelTimer();
        drainForShutdown();
    }

    /** Waits for the running tasks to finish, renewing their leases meanwhile; true if all did. */
    private boolean drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Duration slice = settings.heartbeatInterval();
            if (pool.awaitIdle(left < slice.toNanos() ? Duration.ofNanos(Math.max(0, left)) : slice)) {
                return true;
            }
            if (deadline - System.nanoTime() <= 0) {
                return false;
            }
            leaseKeeper.renewLeases();
        }
    }

    private void cancelTimer() {
        try {
            if (timer != null) {
                timer.cancel();
            }
        } catch (RuntimeException alreadyGone) {
            // The container may have removed the timer first; there is nothing left to cancel.
        }
    }
}
