package io.talis.engine;

/** How an attempt ended, as far as this node recorded it. */
public enum TaskEnd {
    COMPLETED, FAILED, RETRIED, TERMINATED, RELEASED,
    /** The lease passed to another attempt before the outcome could be recorded. */
    LEASE_LOST
}
