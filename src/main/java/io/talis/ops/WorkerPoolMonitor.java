package io.talis.ops;

import io.talis.engine.Dispatcher;
import io.talis.engine.LeaseKeeper;
import io.talis.engine.WorkerPool;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Date;
import javax.management.ObjectName;

/** Registers {@code talis:type=WorkerPool} with the platform MBean server for as long as the application runs. */
@Singleton
@Startup
@DependsOn("Dispatcher")
public class WorkerPoolMonitor implements WorkerPoolMXBean {

    static final String NAME = "talis:type=WorkerPool";

    @EJB
    Dispatcher dispatcher;

    @EJB
    LeaseKeeper leaseKeeper;

    @Inject
    WorkerPool pool;

    @Inject
    EngineStatistics statistics;

    @EJB
    WorkerAutoscaler autoscaler;

    @PostConstruct
    void register() {
        Registrations.register(this, name());
    }

    @PreDestroy
    void unregister() {
        Registrations.unregister(name());
    }

    @Override
    public int getWorkerCount() {
        return dispatcher.workerCount();
    }

    @Override
    public void setWorkerCount(int workers) {
        dispatcher.setWorkerCount(workers);
    }

    @Override
    public int getActiveWorkers() {
        return pool.busyWorkers() - pool.claimedWaiting();
    }

    @Override
    public int getClaimedWaiting() {
        return pool.claimedWaiting();
    }

    @Override
    public long getCompleted() {
        return statistics.completed();
    }

    @Override
    public long getFailed() {
        return statistics.failed();
    }

    @Override
    public long getRetried() {
        return statistics.retried();
    }

    @Override
    public long getRecovered() {
        return leaseKeeper.recoveredCount();
    }

    @Override
    public long getTerminated() {
        return statistics.terminated();
    }

    @Override
    public long getReleased() {
        return statistics.released();
    }

    @Override
    public long getLeasesLost() {
        return statistics.leasesLost();
    }

    @Override
    public double getAverageTaskMillis() {
        return statistics.averageTaskMillis();
    }

    @Override
    public long getP99TaskMillis() {
        return statistics.p99TaskMillis();
    }

    @Override
    public Date getLastDispatchAt() {
        Instant at = dispatcher.lastDispatchAt();
        return at == null ? null : Date.from(at);
    }

    @Override
    public boolean isPaused() {
        return dispatcher.isPaused();
    }

    @Override
    public boolean isAutoscaling() {
        return autoscaler.enabled();
    }

    @Override
    public int getWorkerCountMin() {
        return autoscaler.min();
    }

    @Override
    public int getWorkerCountMax() {
        return autoscaler.max();
    }

    @Override
    public void pause() {
        dispatcher.pause();
    }

    @Override
    public void resume() {
        dispatcher.resume();
    }

    @Override
    public void dispatchNow() {
        dispatcher.wake();
    }

    private static ObjectName name() {
        return Registrations.name(NAME);
    }
}
