package io.talis.engine;

import java.util.Locale;

/** Life of a task: pending, then running, then one of the final states (or back to pending). */
public enum TaskStatus {
    PENDING, RUNNING, COMPLETED, FAILED, TERMINATED;

    /** The value stored in {@code tasks.status} and shown by the API. */
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TaskStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
