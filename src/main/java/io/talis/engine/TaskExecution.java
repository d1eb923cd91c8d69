package io.talis.engine;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
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

    /** One write of an outcome; false if the lease was gone. */
    @FunctionalInterface
    private interface OutcomeWrite {
        boolean apply() throws SQLException;
    }

    @Inject
    TaskHandlers handlers;

    @Inject
    TaskLedger ledger;

    @Inject
    RetryPolicy retryPolicy;

    @Inject
    EngineSettings settings;

    private GroupCommit completions;

    @PostConstruct
    void init() {
        completions = new GroupCommit(ledger, settings.lease());
    }

    /**
     * Runs the attempt and records its outcome; when it completed and {@code wantsNext}, returns
     * the next task claimed for this worker in the same statement, if one was waiting.
     */
    Optional<RunningTask> run(RunningTask task, boolean wantsNext) {
        return record(task, attempt(task), wantsNext);
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

    private Optional<RunningTask> record(RunningTask task, Outcome outcome, boolean wantsNext) {
        TaskLedger.Attempt key = task.key();
        String attempt = "attempt " + key.attempt();
        if (outcome instanceof Outcome.Completed completed) {
            String result = completed.result() == null ? null : completed.result().toString();
            TaskLedger.Completion completion = new TaskLedger.Completion(key, result);
            AtomicReference<GroupCommit.Outcome> written = new AtomicReference<>();
            persist(task, "completion", () -> {
                written.set(completions.complete(completion, wantsNext));
                return written.get().recorded();
            });
            GroupCommit.Outcome done = written.get();
            return done == null ? Optional.empty()
                    : done.next().map(next -> new RunningTask(next, ledger, settings.lease(), done.claimStartedNanos()));
        } else if (outcome instanceof Outcome.Failed failed && failed.retryable()) {
            Duration delay = retryPolicy.delayAfter(key.attempt());
            persist(task, "failure",
                    () -> ledger.retryOrFail(key, failed.error(), delay, settings.maxAttempts()).isPresent());
        } else if (outcome instanceof Outcome.Failed failed) {
            persist(task, "failure", () -> ledger.finish(key, TaskStatus.FAILED, null, failed.error(),
                    attempt + " failed, not retried: " + failed.error()));
        } else if (outcome instanceof Outcome.Stopped stopped && stopped.reason() == StopReason.CANCELLED) {
            persist(task, "termination", () -> ledger.finish(key, TaskStatus.TERMINATED, null,
                    "terminated on request", attempt + " stopped: terminated on request"));
        } else if (outcome instanceof Outcome.Stopped stopped && stopped.reason() == StopReason.SHUTDOWN) {
            persist(task, "release", () -> ledger.release(List.of(key)) == 1);
        } else {
            LOG.warning(() -> "task " + key.taskId() + " " + attempt
                    + " stopped: this node lost its lease; the task will be recovered");
        }
        return Optional.empty();
    }

    private void persist(RunningTask task, String what, OutcomeWrite write) {
        Duration pause = FIRST_WRITE_RETRY;
        while (true) {
            try {
                if (!write.apply()) {
                    LOG.warning(() -> "task " + task.taskId() + " attempt " + task.attempt() + ": " + what
                            + " not recorded, the lease had passed to another attempt");
                }
                return;
            } catch (SQLException e) {
                if (task.leaseExpiredLocally()) {
                    LOG.warning(() -> "task " + task.taskId() + " attempt " + task.attempt() + ": giving up recording its "
                            + what + " (" + OutageBackoff.oneLine(e) + "); its lease runs out and it will be recovered");
                    return;
                }
                Duration wait = pause;
                LOG.warning(() -> "task " + task.taskId() + " attempt " + task.attempt() + ": recording its " + what
                        + " failed (" + OutageBackoff.oneLine(e) + "); retrying in " + wait.toMillis() + " ms");
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_WRITE_RETRY) > 0 ? LONGEST_WRITE_RETRY : pause.multipliedBy(2);
            }
        }
    }
}
