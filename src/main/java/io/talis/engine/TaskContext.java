package io.talis.engine;

import jakarta.json.JsonObject;
import java.time.Duration;

/** What a handler sees of the task it runs, and its only way to wait or report progress. */
public interface TaskContext {

    long taskId();

    /** The node that runs this attempt (for log lines). */
    String node();

    /** 1 for the first attempt; the fencing token of this run. */
    int attempt();

    String action();

    JsonObject payload();

    long ownerId();

    long projectId();

    /** The instance the task works on, or null. */
    Long instanceId();

    /** Appends a line to the task's logs (readable through the API while the task runs). */
    void log(String message);

    /** Throws {@link TaskStoppedException} if the task was cancelled, lost its lease, or the node is stopping. */
    void checkpoint();

    /** Waits, but wakes at once and throws {@link TaskStoppedException} when the task must stop. */
    void sleep(Duration duration);
}
