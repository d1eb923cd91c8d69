package io.talis.instance;

import static io.talis.common.SharedJson.JSON;

import io.talis.common.Page;
import io.talis.common.PageRequest;
import io.talis.common.Rejected;
import io.talis.compute.ComputeProviders;
import io.talis.engine.TaskLedger;
import io.talis.owner.Caller;
import io.talis.persistence.Queries;
import io.talis.project.Project;
import io.talis.project.ProjectService;
import io.talis.task.Task;
import io.talis.task.TaskQueue;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creating, terminating and reading instances. A create or terminate request is one transaction:
 * every instance and task it asks for is written, or nothing is.
 */
@ApplicationScoped
@Transactional
public class InstanceService {

    /** A terminate task enqueued for an instance. */
    public record Termination(long instanceId, long taskId) {
    }

    /** What a terminate request did: tasks enqueued, and instances already terminated or terminating. */
    public record Terminations(List<Termination> enqueued, List<Long> skipped) {
    }

    private static final Jsonb JSONB = JsonbBuilder.create();
    private static final Set<String> STATUSES = Arrays.stream(InstanceStatus.values())
            .map(InstanceStatus::dbValue).collect(Collectors.toCollection(LinkedHashSet::new));

    @PersistenceContext(unitName = "talis")
    EntityManager em;

    @Inject
    ProjectService projects;

    @Inject
    TaskQueue queue;

    @Inject
    TaskLedger ledger;

    @Inject
    InstanceRequestRules rules;

    @EJB
    ComputeProviders providers;

    @Inject
    @ConfigProperty(name = "TALIS_MAX_INSTANCES_PER_REQUEST")
    int maxInstancesPerRequest;

    public List<Instance> create(Caller caller, List<InstanceRequest> requests) {
        rules.check(requests, providers.knownIds(), maxInstancesPerRequest);
        List<Project> targets = new ArrayList<>();
        for (InstanceRequest request : requests) {
            long owner = caller.actingFor(request.ownerId());
            Project project = projects.find(owner, request.projectName());
            if (project == null) {
                throw Rejected.notFound("project '" + request.projectName() + "' not found");
            }
            targets.add(project);
        }
        List<Instance> created = new ArrayList<>();
        List<InstanceRequest> origins = new ArrayList<>();
        for (int r = 0; r < requests.size(); r++) {
            InstanceRequest request = requests.get(r);
            Project project = targets.get(r);
            for (int i = 0; i < request.count(); i++) {
                Instance instance = new Instance(project.ownerId(), project.id(), request.instanceName(i),
                        request.provider(), request.region(), request.size(), request.image(), request.tagList());
                em.persist(instance);
                // One flush per instance keeps ids in request order (name-1 gets the lowest id).
                em.flush();
                created.add(instance);
                origins.add(request);
            }
        }
        for (int i = 0; i < created.size(); i++) {
            Instance instance = created.get(i);
            if (instance.isUnnamed()) {
                instance.nameAfterId();
            }
            InstanceRequest request = origins.get(i);
            queue.enqueue(new Task(instance.ownerId(), instance.projectId(), instance.id(),
                    CreateInstancesHandler.ACTION, Task.HIGH_PRIORITY, createPayload(request, instance), request.webhookUrl(),
                    providers.family(instance.providerId())));
        }
        return created;
    }

    public Terminations terminate(Caller caller, TerminateRequest request) {
        rules.check(request);
        Project project = projects.get(caller, request.ownerId(), request.projectName());
        Set<Long> wanted = new LinkedHashSet<>(request.instanceIds());
        // Locking the rows makes concurrent terminate requests for one instance take turns.
        List<Instance> found = em.createQuery("SELECT i FROM Instance i WHERE i.id IN :ids AND i.projectId = :project"
                        + " AND i.deletedAt IS NULL ORDER BY i.id", Instance.class)
                .setParameter("ids", wanted).setParameter("project", project.id())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        Set<Long> missing = new LinkedHashSet<>(wanted);
        found.forEach(instance -> missing.remove(instance.id()));
        if (!missing.isEmpty()) {
            throw Rejected.notFound("instances not found in project '" + project.name() + "': " + missing);
        }
        List<Termination> enqueued = new ArrayList<>();
        List<Long> skipped = new ArrayList<>();
        for (Instance instance : found) {
            if (InstanceStatus.TERMINATED.dbValue().equals(instance.status()) || unfinished(instance.id(), TerminateInstancesHandler.ACTION) > 0) {
                skipped.add(instance.id());
                continue;
            }
            cancelCreation(instance.id());
            Task task = queue.enqueue(new Task(instance.ownerId(), instance.projectId(), instance.id(),
                    TerminateInstancesHandler.ACTION, Task.LOW_PRIORITY,
                    JSON.createObjectBuilder().add("instance_id", instance.id()).build().toString(), request.webhookUrl(),
                    providers.family(instance.providerId())));
            em.flush();
            enqueued.add(new Termination(instance.id(), task.id()));
        }
        return new Terminations(enqueued, skipped);
    }

    public Instance get(Caller caller, long id) {
        if (id <= 0) {
            throw Rejected.invalid("instance id must be positive");
        }
        Instance instance = em.find(Instance.class, id);
        if (instance == null || instance.isDeleted() || !caller.mayAccess(instance.ownerId())) {
            throw Rejected.notFound("instance " + id + " not found");
        }
        return instance;
    }

    /**
     * Instances the caller may see (an administrator: every owner's, or one owner's), in id order.
     * Without {@code status}, terminated instances are left out unless {@code includeTerminated}.
     */
    public Page<Instance> list(Caller caller, Long ownerId, String status, boolean includeTerminated, PageRequest page) {
        Map<String, Object> parameters = new HashMap<>();
        StringBuilder from = new StringBuilder("FROM Instance e WHERE e.deletedAt IS NULL");
        Long owner = caller.listingOwner(ownerId);
        if (owner != null) {
            from.append(" AND e.ownerId = :owner");
            parameters.put("owner", owner);
        }
        if (status != null && !status.isEmpty()) {
            if (!STATUSES.contains(status)) {
                throw Rejected.invalid("invalid instance status: " + status + "; expected one of " + STATUSES);
            }
            from.append(" AND e.status = :status");
            parameters.put("status", status);
        } else if (!includeTerminated) {
            from.append(" AND e.status <> 'terminated'");
        }
        return Queries.page(em, Instance.class, from.toString(), "e.id", parameters, page);
    }

    /** Every instance of a project, terminated ones too, in id order. */
    public Page<Instance> listByProject(Caller caller, Long ownerId, String projectName, PageRequest page) {
        Project project = projects.get(caller, ownerId, projectName);
        return Queries.page(em, Instance.class, "FROM Instance e WHERE e.projectId = :project AND e.deletedAt IS NULL",
                "e.id", Map.of("project", project.id()), page);
    }

    private long unfinished(long instanceId, String action) {
        return em.createQuery("SELECT COUNT(t) FROM Task t WHERE t.instanceId = :instance AND t.action = :action"
                        + " AND t.status IN ('pending', 'running')", Long.class)
                .setParameter("instance", instanceId).setParameter("action", action).getSingleResult();
    }

    /** A terminated instance needs no machine: its pending creation ends now, a running one at its next step. */
    private void cancelCreation(long instanceId) {
        List<Long> creations = em.createQuery("SELECT t.id FROM Task t WHERE t.instanceId = :instance"
                        + " AND t.action = :action AND t.status IN ('pending', 'running')", Long.class)
                .setParameter("instance", instanceId).setParameter("action", CreateInstancesHandler.ACTION)
                .getResultList();
        try {
            for (long taskId : creations) {
                ledger.requestCancel(taskId);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not cancel the creation of instance " + instanceId, e);
        }
    }

    /** The create task's payload: the request as sent, plus the instance it creates. */
    private static String createPayload(InstanceRequest request, Instance instance) {
        JsonObject sent = JSON.createReader(new StringReader(JSONB.toJson(request))).readObject();
        return JSON.createObjectBuilder(sent)
                .add("instance_id", instance.id())
                .add("name", instance.name())
                .build().toString();
    }
}
