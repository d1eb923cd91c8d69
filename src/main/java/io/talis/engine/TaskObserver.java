package io.talis.engine;

/**
 * Hears what the engine does with tasks, for statistics, metrics and logs. Implementations are
 * CDI beans; they are called on the engine's threads, so they must be quick and must not throw.
 */
public interface TaskObserver {

    /** A task was claimed by this node after waiting {@code waitedMillis} since it became runnable. */
    default void claimed(ClaimedTask task, long waitedMillis) {
    }

    /** An attempt of a task ended on this node after running {@code tookMillis}. */
    default void finished(ClaimedTask task, TaskEnd end, long tookMillis) {
    }
}
