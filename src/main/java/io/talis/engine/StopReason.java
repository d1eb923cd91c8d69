package io.talis.engine;

/** Why a running task is asked to stop at its next step boundary. */
public enum StopReason {
    /** A user terminated the task: it ends as terminated. */
    CANCELLED,
    /** This node is shutting down: the claim is released so another node takes the task. */
    SHUTDOWN,
    /** This node can no longer prove it holds the lease: another node may own the task now. */
    LEASE_LOST
}
