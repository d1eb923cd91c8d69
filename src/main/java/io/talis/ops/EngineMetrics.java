package io.talis.ops;

import io.talis.engine.ClaimedTask;
import io.talis.engine.Dispatcher;
import io.talis.engine.LeaseKeeper;
import io.talis.engine.TaskEnd;
import io.talis.engine.TaskObserver;
import io.talis.engine.WorkerPool;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The engine's figures as MicroProfile Metrics ({@code /metrics}, Prometheus text): the pool's
 * gauges, attempts by how they ended, and enqueue-to-start and duration timers by action and
 * provider.
 */
@ApplicationScoped
public class EngineMetrics implements TaskObserver {

    @Inject
    MetricRegistry registry;

    @Inject
    WorkerPool pool;

    @EJB
    Dispatcher dispatcher;

    @EJB
    LeaseKeeper leaseKeeper;

    /** Creates this bean (and so its gauges) at startup rather than at the first task. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // nothing else to do: being called instantiated the bean
    }

    @PostConstruct
    void registerGauges() {
        registry.gauge(Metadata.builder().withName("talis.workers").withDescription("tasks this node may run at once").build(),
                pool, WorkerPool::capacity);
        registry.gauge(Metadata.builder().withName("talis.workers.busy").withDescription("tasks running on this node").build(),
                pool, WorkerPool::busyWorkers);
        registry.gauge(Metadata.builder().withName("talis.tasks.claimed.waiting")
                .withDescription("tasks claimed and waiting for a worker thread").build(), pool, WorkerPool::claimedWaiting);
        registry.gauge(Metadata.builder().withName("talis.dispatcher.paused").withDescription("1 while claiming is paused").build(),
                dispatcher, d -> d.isPaused() ? 1 : 0);
        registry.gauge(Metadata.builder().withName("talis.tasks.recovered")
                .withDescription("tasks of dead nodes this node took back").build(), leaseKeeper, LeaseKeeper::recoveredCount);
    }

    @Override
    public void claimed(ClaimedTask task, long waitedMillis) {
        registry.timer(Metadata.builder().withName("talis.task.pickup")
                        .withDescription("time from a task becoming runnable (its enqueue, for a first attempt) to its claim")
                        .withUnit(MetricUnits.SECONDS).build(),
                tags(task)).update(Duration.ofMillis(waitedMillis));
    }

    @Override
    public void finished(ClaimedTask task, TaskEnd end, long tookMillis) {
        registry.timer(Metadata.builder().withName("talis.task.duration").withDescription("how long attempts ran")
                        .withUnit(MetricUnits.SECONDS).build(),
                tags(task)).update(Duration.ofMillis(tookMillis));
        registry.counter(Metadata.builder().withName("talis.task.attempts").withDescription("attempts by how they ended").build(),
                new Tag("action", task.action()), new Tag("end", end.name().toLowerCase(Locale.ROOT))).inc();
    }

    private static Tag[] tags(ClaimedTask task) {
        return new Tag[] {new Tag("action", task.action()),
                new Tag("provider", task.concurrencyKey() == null ? "none" : task.concurrencyKey())};
    }
}
