package io.talis.api.rpc;

import io.talis.api.Views;
import io.talis.common.PageRequest;
import io.talis.instance.InstanceService;
import io.talis.project.ProjectService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbProperty;
import java.util.Map;

/** project.create, project.get, project.list, project.delete, project.listInstances. */
@ApplicationScoped
public class ProjectMethods implements RpcMethods {

    /** Params of every project method; {@code config} may be a JSON object or a string holding one (as Go sends). */
    public record Params(String name, String description, JsonValue config,
                         @JsonbProperty("owner_id") Long ownerId, Integer page) {
    }

    @Inject
    ProjectService projects;

    @Inject
    InstanceService instances;

    @Override
    public Map<String, RpcMethod> methods() {
        return Map.of(
                "project.create", (caller, json) -> {
                    Params p = RpcParams.bind(json, Params.class);
                    return Views.project(projects.create(caller, p.ownerId(), p.name(), p.description(), RpcParams.text(p.config())));
                },
                "project.get", (caller, json) -> {
                    Params p = RpcParams.bind(json, Params.class);
                    return Views.project(projects.get(caller, p.ownerId(), p.name()));
                },
                "project.list", (caller, json) -> {
                    Params p = RpcParams.bind(json, Params.class);
                    return Views.list(projects.list(caller, p.ownerId(), PageRequest.ofPage(p.page())), Views::project);
                },
                "project.delete", (caller, json) -> {
                    Params p = RpcParams.bind(json, Params.class);
                    projects.delete(caller, p.ownerId(), p.name());
                    return null;
                },
                "project.listInstances", (caller, json) -> {
                    Params p = RpcParams.bind(json, Params.class);
                    return Views.list(instances.listByProject(caller, p.ownerId(), p.name(), PageRequest.ofPage(p.page())),
                            Views::instance);
                });
    }
}
