package io.talis.task;

import io.talis.common.Page;
import io.talis.common.PageRequest;
import io.talis.common.Rejected;
import io.talis.engine.TaskLedger;
import io.talis.engine.TaskStatus;
import io.talis.owner.Caller;
import io.talis.persistence.Queries;
import io.talis.project.Project;
import io.talis.project.ProjectService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reading tasks and terminating them, scoped to what the caller owns. */
@ApplicationScoped
@Transactional
public class TaskService {

    static final Set<String> ACTIONS = Set.of("create_instances", "terminate_instances");

    @PersistenceContext(unitName = "talis")
    EntityManager em;

    @Inject
    ProjectService projects;

    @Inject
    TaskLedger ledger;

    public Task get(Caller caller, long taskId) {
        if (taskId <= 0) {
            throw Rejected.invalid("task_id is required and must be a positive number");
        }
        return Optional.ofNullable(em.find(Task.class, taskId))
                .filter(task -> caller.mayAccess(task.ownerId()))
                .orElseThrow(() -> Rejected.notFound("task " + taskId + " not found"));
    }

    /** Tasks of a project, oldest first. */
    public Page<Task> listByProject(Caller caller, Long ownerId, String projectName, PageRequest page) {
        Project project = projects.get(caller, ownerId, projectName);
        return Queries.page(em, Task.class, "FROM Task e WHERE e.projectId = :project", "e.id",
                Map.of("project", project.id()), page);
    }

    /** Tasks of an instance the caller can see, newest first, optionally of one action. */
    public Page<Task> listByInstance(Caller caller, long instanceId, String action, PageRequest page) {
        if (action != null && !action.isEmpty() && !ACTIONS.contains(action)) {
            throw Rejected.invalid("invalid task action: " + action + "; expected one of " + ACTIONS);
        }
        Long owner = em.createQuery("SELECT i.ownerId FROM Instance i WHERE i.id = :id", Long.class)
                .setParameter("id", instanceId).getResultStream().findFirst()
                .filter(caller::mayAccess)
                .orElseThrow(() -> Rejected.notFound("instance " + instanceId + " not found"));
        Map<String, Object> parameters = new HashMap<>(Map.of("instance", instanceId, "owner", owner));
        String from = "FROM Task e WHERE e.instanceId = :instance AND e.ownerId = :owner";
        if (action != null && !action.isEmpty()) {
            from += " AND e.action = :action";
            parameters.put("action", action);
        }
        return Queries.page(em, Task.class, from, "e.id DESC", parameters, page);
    }

    /**
     * Terminates a task: a pending one at once, a running one at its next step. Returns the
     * status it has now (terminated, or running until its node stops it).
     */
    public TaskStatus terminate(Caller caller, long taskId) {
        Task task = get(caller, taskId);
        try {
            return ledger.requestCancel(taskId).orElseThrow(() -> Rejected.conflict(
                    "task " + taskId + " has already ended as " + task.status()));
        } catch (SQLException e) {
            throw new IllegalStateException("could not terminate task " + taskId, e);
        }
    }
}
