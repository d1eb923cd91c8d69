package io.talis.engine;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Tells every {@link TaskObserver} what happened; an observer that fails is logged, never propagated. */
@ApplicationScoped
public class TaskObservers {

    private static final Logger LOG = Logger.getLogger(TaskObservers.class.getName());

    @Inject
    @Any
    Instance<TaskObserver> discovered;

    private final List<TaskObserver> observers = new ArrayList<>();

    @PostConstruct
    void collect() {
        discovered.forEach(observers::add);
    }

    void claimed(ClaimedTask task, long waitedMillis) {
        for (TaskObserver observer : observers) {
            try {
                observer.claimed(task, waitedMillis);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "task observer failed", e);
            }
        }
    }

    void finished(ClaimedTask task, TaskEnd end, long tookMillis) {
        for (TaskObserver observer : observers) {
            try {
                observer.finished(task, end, tookMillis);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "task observer failed", e);
            }
        }
    }
}
