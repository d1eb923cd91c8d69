package io.talis.project;

import static io.talis.common.SharedJson.JSON;

import io.talis.common.Page;
import io.talis.common.PageRequest;
import io.talis.common.Rejected;
import io.talis.owner.Caller;
import io.talis.persistence.Queries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;

/** Projects of an owner, found by (owner, name). */
@ApplicationScoped
@Transactional
public class ProjectService {

    private static final String LIVE = "FROM Project e WHERE e.deletedAt IS NULL";

    @PersistenceContext(unitName = "talis")
    EntityManager em;

    public Project create(Caller caller, Long ownerId, String name, String description, String config) {
        long owner = caller.actingFor(ownerId);
        requireName(name);
        Project project = new Project(owner, name, description, validConfig(config));
        if (find(owner, name) != null) {
            throw Rejected.conflict("project '" + name + "' already exists");
        }
        try {
            em.persist(project);
            em.flush();
        } catch (PersistenceException e) {
            if (Queries.isUniqueViolation(e)) {
                throw Rejected.conflict("project '" + name + "' already exists");
            }
            throw e;
        }
        return project;
    }

    public Project get(Caller caller, Long ownerId, String name) {
        requireName(name);
        Project project = find(caller.actingFor(ownerId), name);
        if (project == null) {
            throw Rejected.notFound("project '" + name + "' not found");
        }
        return project;
    }

    /** The caller's projects; every owner's for an administrator who names none. */
    public Page<Project> list(Caller caller, Long ownerId, PageRequest page) {
        Long owner = caller.listingOwner(ownerId);
        Map<String, Object> parameters = new HashMap<>();
        String from = LIVE;
        if (owner != null) {
            from += " AND e.ownerId = :owner";
            parameters.put("owner", owner);
        }
        return Queries.page(em, Project.class, from, "e.id", parameters, page);
    }

    /** Soft-deletes a project that has no live instances left. */
    public void delete(Caller caller, Long ownerId, String name) {
        Project project = get(caller, ownerId, name);
        long live = em.createQuery("SELECT COUNT(i) FROM Instance i WHERE i.projectId = :project"
                        + " AND i.status <> 'terminated' AND i.deletedAt IS NULL", Long.class)
                .setParameter("project", project.id()).getSingleResult();
        if (live > 0) {
            throw Rejected.conflict("project '" + name + "' still has " + live
                    + " instances that are not terminated; terminate them first");
        }
        project.markDeleted();
    }

    /** The live project of this owner with this name, or null. */
    public Project find(long ownerId, String name) {
        return em.createQuery(LIVE + " AND e.ownerId = :owner AND e.name = :name", Project.class)
                .setParameter("owner", ownerId).setParameter("name", name)
                .getResultStream().findFirst().orElse(null);
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw Rejected.invalid("project name is required");
        }
        if (name.length() > 255) {
            throw Rejected.invalid("project name must be at most 255 characters");
        }
    }

    /** The config as stored: a JSON object whose optional resources and settings are objects. */
    private static String validConfig(String config) {
        if (config == null || config.isBlank()) {
            return "{}";
        }
        JsonValue parsed;
        try (JsonReader reader = JSON.createReader(new StringReader(config))) {
            parsed = reader.readValue();
        } catch (JsonException e) {
            throw Rejected.invalid("invalid config JSON: " + e.getMessage());
        }
        if (!(parsed instanceof JsonObject object)) {
            throw Rejected.invalid("invalid config JSON: config must be a JSON object");
        }
        for (String part : new String[] {"resources", "settings"}) {
            if (object.containsKey(part) && object.get(part).getValueType() != JsonValue.ValueType.OBJECT) {
                throw Rejected.invalid("invalid config JSON: " + part + " must be an object");
            }
        }
        return object.toString();
    }
}
