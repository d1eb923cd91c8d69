package io.talis.engine;

/** Thrown at a step boundary of a task that was asked to stop; handlers let it propagate. */
public class TaskStoppedException extends RuntimeException {

    private final StopReason reason;

    public TaskStoppedException(StopReason reason) {
        super("task stopped: " + reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), null, false, false);
        this.reason = reason;
    }

    public StopReason reason() {
        return reason;
    }
}
