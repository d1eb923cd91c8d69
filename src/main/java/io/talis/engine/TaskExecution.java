package io.talis.engine;

import io.talis.persistence.Database;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one attempt of a claimed task through its handler and records the outcome. The outcome
 * write is retried while the database is away, for as long as this node still holds the lease;
 * after that the lease expires and the task is recovered and run again, so no task is lost.
 * A completion is written together with the other workers' ({@link GroupCommit}) and may bring
 * the worker its next task.
 */
@ApplicationScoped
public class TaskExecution {

    private static final Logger LOG = Logger.getLogger(TaskExecution.class.getName());
    private static final Duration FIRST_WRITE_RETRY = Duration.ofMillis(250);
    private static final Duration LONGEST_WRITE_RETRY = Duration.ofSeconds(5);

    /** What an attempt came to, and how it is recorded. */
    sealed interface Outcome {
        record Completed(JsonObject result) implements Outcome { }
        record Failed(String error, boolean retryable) implements Outcome { }
        record Stopped(StopReason reason) implements Outcome { }
    }

    /** One write of an outcome; returns how the attempt ended, or null if the lease was gone. */
    @FunctionalInterface
    private interface OutcomeWrite {
        TaskEnd apply() throws SQLException;
    }

    @Inject
    TaskHandlers handlers;

    @Inject
    TaskLedger ledger;

    @Inject
    RetryPolicy retryPolicy;

    @Inject
    EngineSettings settings;

    @Inject
    TaskObservers observers;

    @Inject
    Database database;

    @Inject
    WorkerPool pool;

    private TaskLedger groupWriter;
    private GroupCommit completions;

    /**
     * Group commits are written by one writer at a time, always the same two statements, so they
     * get a connection of their own with generic plans: a custom plan of the claim costs about as
     * much to make as to run, and the pool's checkout adds a validation round trip (measured with
     * pgbench, 2 completions and 2 claims per statement: 0.61 ms with custom plans, 0.40 generic).
     */
    @PostConstruct
    void init() {
        groupWriter = ledger.onOwnConnection(database.unpooled("talis-completions", "-c plan_cache_mode=force_generic_plan"));
        completions = new GroupCommit(groupWriter, settings.lease(), pool::busyWorkers);
    }

    @PreDestroy
    void closeGroupWriter() {
        groupWriter.close();
    }

    /**
     * Runs the attempt and records its outcome; when it completed and {@code wantsNext}, returns
     * the next task claimed for this worker in the same statement, if one was waiting.
     */
    Optional<RunningTask> run(RunningTask task, boolean wantsNext) {
        Outcome outcome = attempt(task);
        long tookMillis = task.runningMillis();
        AtomicReference<RunningTask> next = new AtomicReference<>();
        observers.finished(task.claim(), record(task, outcome, wantsNext, next::set), tookMillis);
        RunningTask claimed = next.get();
        if (claimed != null) {
            observers.claimed(claimed.claim(), claimed.claim().waitedMillis());
        }
        return Optional.ofNullable(claimed);
    }

    private Outcome attempt(RunningTask task) {
        Optional<TaskHandler> handler = handlers.forAction(task.action());
        if (handler.isEmpty()) {
            return new Outcome.Failed("unknown action '" + task.action() + "': no handler is registered for it;"
                    + " known actions are " + handlers.actions(), false);
        }
        try {
            task.checkpoint();
            return new Outcome.Completed(handler.get().run(task));
        } catch (TaskStoppedException stopped) {
            return new Outcome.Stopped(stopped.reason());
        } catch (PermanentTaskFailure failure) {
            return new Outcome.Failed(failure.getMessage(), false);
        } catch (Exception | LinkageError e) {
            LOG.log(Level.FINE, "task " + task.taskId() + " attempt " + task.attempt() + " failed", e);
            return new Outcome.Failed(OutageBackoff.oneLine(e), true);
        }
    }

    /**
     * Writes the outcome; returns how the attempt ended as recorded. A completion is written with
     * the other workers' ({@link GroupCommit}); the next task claimed for this worker in the same
     * statement, if any, goes to {@code nextTask}.
     */
    private TaskEnd record(RunningTask task, Outcome outcome, boolean wantsNext, Consumer<RunningTask> nextTask) {
        TaskLedger.Attempt key = task.key();
        String attempt = "attempt " + key.attempt();
        if (outcome instanceof Outcome.Completed completed) {
            String result = completed.result() == null ? null : completed.result().toString();
            TaskLedger.Completion completion = new TaskLedger.Completion(key, result);
            return persist(task, "completion", () -> {
                GroupCommit.Outcome written = completions.complete(completion, task.runningNanos(), wantsNext);
                written.next().ifPresent(claimed ->
                        nextTask.accept(new RunningTask(claimed, ledger, settings.lease(), written.claimStartedNanos())));
                return written.recorded() ? TaskEnd.COMPLETED : null;
            });
        }
        if (outcome instanceof Outcome.Failed failed && failed.retryable()) {
            Duration delay = retryPolicy.delayAfter(key.attempt());
            return persist(task, "failure", () -> ledger.retryOrFail(key, failed.error(), delay, settings.maxAttempts())
                    .map(status -> status == TaskStatus.FAILED ? TaskEnd.FAILED : TaskEnd.RETRIED)
                    .orElse(null));
        }
        if (outcome instanceof Outcome.Failed failed) {
            return persist(task, "failure", () -> ledger.finish(key, TaskStatus.FAILED, null, failed.error(),
                    attempt + " failed, not retried: " + failed.error()) ? TaskEnd.FAILED : null);
        }
        if (outcome instanceof Outcome.Stopped stopped && stopped.reason() == StopReason.CANCELLED) {
            return persist(task, "termination", () -> ledger.finish(key, TaskStatus.TERMINATED, null,
                    "terminated on request", attempt + " stopped: terminated on request") ? TaskEnd.TERMINATED : null);
        }
        if (outcome instanceof Outcome.Stopped stopped && stopped.reason() == StopReason.SHUTDOWN) {
            return persist(task, "release", () -> ledger.release(List.of(key)) == 1 ? TaskEnd.RELEASED : null);
        }
        LOG.warning(() -> "task " + key.taskId() + " " + attempt + " on node " + ledger.node()
                + " stopped: this node lost its lease; the task will be recovered");
        return TaskEnd.LEASE_LOST;
    }

    /** Writes an outcome, retrying while the lease lasts; returns how it ended, or LEASE_LOST if it was not recorded. */
    private TaskEnd persist(RunningTask task, String what, OutcomeWrite write) {
        String prefix = "task " + task.taskId() + " attempt " + task.attempt() + " on node " + ledger.node();
        Duration pause = FIRST_WRITE_RETRY;
        while (true) {
            try {
                TaskEnd recorded = write.apply();
                if (recorded == null) {
                    LOG.warning(() -> prefix + ": its " + what + " was not recorded, the lease had passed to another attempt");
                    return TaskEnd.LEASE_LOST;
                }
                return recorded;
            } catch (SQLException e) {
                if (task.leaseExpiredLocally()) {
                    LOG.warning(() -> prefix + ": giving up recording its " + what + " ("
                            + OutageBackoff.oneLine(e) + "); its lease runs out and it will be recovered");
                    return TaskEnd.LEASE_LOST;
                }
                Duration wait = pause;
                LOG.warning(() -> prefix + ": recording its " + what + " failed (" + OutageBackoff.oneLine(e)
                        + "); retrying in " + wait.toMillis() + " ms");
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return TaskEnd.LEASE_LOST;
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_WRITE_RETRY) > 0 ? LONGEST_WRITE_RETRY : pause.multipliedBy(2);
            }
        }
    }
}
