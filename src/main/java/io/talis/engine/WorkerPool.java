package io.talis.engine;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The workers: runs claimed tasks on the managed executor, never more at once than its capacity
 * ({@code WORKER_COUNT}). The dispatcher claims only as many tasks as there are free workers, so
 * every claimed task starts at once and none waits in a local queue with its lease ticking.
 */
@ApplicationScoped
public class WorkerPool {

    /** The managed executor the workers run on; defined on {@link Dispatcher}. */
    static final String EXECUTOR = "java:app/concurrent/TalisWorkers";

    @Resource(lookup = EXECUTOR)
    ManagedExecutorService executor;

    @Inject
    TaskExecution execution;

    private final ConcurrentHashMap<Long, RunningTask> running = new ConcurrentHashMap<>();
    private final AtomicInteger capacity = new AtomicInteger(1);
    private final Object idle = new Object();
    private volatile Runnable onWorkerFreed = () -> { };
    private volatile BooleanSupplier claimOnCompletion = () -> false;
    /** Set once the node stops its tasks: a task that starts later is stopped at once. */
    private volatile StopReason stopping;

    /**
     * Changes how many tasks run at once. More workers take effect at the next dispatch round;
     * fewer let running tasks finish and claim nothing until the pool is below the new size.
     */
    void setCapacity(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("a worker pool needs at least one worker, got " + workers);
        }
        capacity.set(workers);
    }

    public int capacity() {
        return capacity.get();
    }

    public int busyWorkers() {
        return running.size();
    }

    /** Tasks claimed and handed to the executor that no thread has picked up yet. */
    public int claimedWaiting() {
        return (int) running.values().stream().filter(task -> !task.hasStarted()).count();
    }

    public int freeWorkers() {
        return Math.max(0, capacity.get() - running.size());
    }

    void onWorkerFreed(Runnable listener) {
        onWorkerFreed = listener;
    }

    /** Whether a worker whose task completed may claim its next task itself (while the node claims). */
    void claimOnCompletion(BooleanSupplier condition) {
        claimOnCompletion = condition;
    }

    /** Starts a claimed task on a worker; false if the executor refused it (the node is stopping). */
    boolean start(RunningTask task) {
        register(task);
        try {
            executor.execute(() -> runAndFree(task));
            return true;
        } catch (RejectedExecutionException e) {
            running.remove(task.taskId(), task);
            return false;
        }
    }

    private void runAndFree(RunningTask first) {
        RunningTask task = first;
        try {
            while (task != null) {
                task.markStarted();
                Optional<RunningTask> next = execution.run(task, wantsNext());
                // The next task is registered before this one leaves, so the worker never looks free meanwhile.
                next.ifPresent(this::register);
                running.remove(task.taskId(), task);
                task = next.orElse(null);
            }
        } finally {
            if (task != null) {
                running.remove(task.taskId(), task);
            }
            synchronized (idle) {
                idle.notifyAll();
            }
            onWorkerFreed.run();
        }
    }

    /** A worker goes on to a next task only while the node claims and the pool is not above its size (JMX may shrink it). */
    private boolean wantsNext() {
        return claimOnCompletion.getAsBoolean() && running.size() <= capacity.get();
    }

    private void register(RunningTask task) {
        running.put(task.taskId(), task);
        StopReason reason = stopping;
        if (reason != null) {
            task.stop(reason);
        }
    }

    /** How many tasks of each concurrency key run (or wait for a thread) here. */
    public Map<String, Integer> runningByKey() {
        Map<String, Integer> counts = new HashMap<>();
        running.values().forEach(task -> {
            String key = task.claim().concurrencyKey();
            if (key != null) {
                counts.merge(key, 1, Integer::sum);
            }
        });
        return counts;
    }

    List<RunningTask> running() {
        return List.copyOf(running.values());
    }

    /** Asks a running task to stop at its next step boundary; false if it does not run here. */
    boolean stop(long taskId, StopReason reason) {
        RunningTask task = running.get(taskId);
        if (task == null) {
            return false;
        }
        task.stop(reason);
        return true;
    }

    void stopAll(StopReason reason) {
        stopping = reason;
        running.values().forEach(task -> task.stop(reason));
    }

    /** Waits until no task runs, at most {@code timeout}; true if the pool is idle. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (!running.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
            return true;
        }
    }
}
