package io.talis.ops;

import java.util.Date;

/** {@code talis:type=WorkerPool}: this node's worker pool, as jconsole or any JMX client sees it. */
public interface WorkerPoolMXBean {

    /** Tasks this node runs at once; writable, effective within a poll interval. */
    int getWorkerCount();

    void setWorkerCount(int workers);

    /** Workers running a task now. */
    int getActiveWorkers();

    /** Tasks claimed and waiting for a worker thread. */
    int getClaimedWaiting();

    long getCompleted();

    long getFailed();

    long getRetried();

    /** Tasks of dead nodes whose expired leases this node took back. */
    long getRecovered();

    /** Attempts stopped because a termination was requested. */
    long getTerminated();

    /** Attempts released at shutdown for another node to take. */
    long getReleased();

    /** Attempts whose lease this node lost before it could record their outcome (a long pause, the database away). */
    long getLeasesLost();

    /** Mean duration of the attempts of the last five minutes. */
    double getAverageTaskMillis();

    /** 99th percentile of the durations of the attempts of the last five minutes. */
    long getP99TaskMillis();

    /** When the dispatcher last claimed (null before the first round). */
    Date getLastDispatchAt();

    boolean isPaused();

    /** Whether WORKER_AUTOSCALE adjusts the worker count to the backlog. */
    boolean isAutoscaling();

    int getWorkerCountMin();

    int getWorkerCountMax();

    /** Stops claiming; running tasks go on. */
    void pause();

    void resume();

    /** Runs a claim round now instead of at the next poll. */
    void dispatchNow();
}
