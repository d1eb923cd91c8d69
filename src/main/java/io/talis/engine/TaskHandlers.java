package io.talis.engine;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Finds the handler of an action among the {@link TaskHandler} beans of the application. */
@ApplicationScoped
public class TaskHandlers {

    @Inject
    @Any
    Instance<TaskHandler> discovered;

    private final Map<String, TaskHandler> byAction = new TreeMap<>();

    @PostConstruct
    void index() {
        for (TaskHandler handler : discovered) {
            TaskHandler previous = byAction.put(handler.action(), handler);
            if (previous != null) {
                throw new IllegalStateException("two handlers for action '" + handler.action() + "'");
            }
        }
    }

    public Optional<TaskHandler> forAction(String action) {
        return Optional.ofNullable(byAction.get(action));
    }

    public Set<String> actions() {
        return byAction.keySet();
    }
}
