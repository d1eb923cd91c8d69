package io.talis.engine;

import jakarta.json.JsonObject;

/**
 * Carries out one attempt of the tasks of one action. Implementations are CDI beans; the engine
 * finds them by {@link #action()} and knows nothing else about them.
 *
 * <p>An attempt may be repeated (after a failure, a node crash or a shutdown), so a handler
 * resumes from the state it left behind and makes every outside effect idempotent. It calls
 * {@link TaskContext#checkpoint()} between steps so that cancellation and shutdown take effect.
 */
public interface TaskHandler {

    /** The action this handler carries out, e.g. {@code create_instances}. */
    String action();

    /**
     * Runs one attempt. Returning completes the task with the returned result (may be null).
     * Throwing {@link PermanentTaskFailure} fails it at once; any other exception schedules a
     * retry with backoff until the attempts run out.
     */
    JsonObject run(TaskContext task) throws Exception;
}
