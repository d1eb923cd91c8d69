package io.talis.api.rpc;

import static io.talis.common.SharedJson.JSON;

import io.talis.api.Views;
import io.talis.common.PageRequest;
import io.talis.engine.TaskStatus;
import io.talis.task.TaskService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbProperty;
import java.util.Map;

/** task.get, task.list, task.terminate. */
@ApplicationScoped
public class TaskMethods implements RpcMethods {

    /** Params of every task method; task.list names its project {@code projectName}, as in Go. */
    public record Params(@JsonbProperty("task_id") Long taskId, @JsonbProperty("owner_id") Long ownerId,
                         String projectName, Integer page) {

        long task() {
            return taskId == null ? 0 : taskId;
        }
    }

    @Inject
    TaskService tasks;

    @Override
    public Map<String, RpcMethod> methods() {
        return Map.of(
                "task.get", (caller, json) -> Views.task(tasks.get(caller, RpcParams.bind(json, Params.class).task())),
                "task.list", (caller, json) -> {
                    Params p = RpcParams.bind(json, Params.class);
                    return Views.list(tasks.listByProject(caller, p.ownerId(), p.projectName(), PageRequest.ofPage(p.page())),
                            Views::task);
                },
                "task.terminate", (caller, json) -> {
                    long taskId = RpcParams.bind(json, Params.class).task();
                    TaskStatus status = tasks.terminate(caller, taskId);
                    return JSON.createObjectBuilder().add("task_id", taskId).add("status", status.dbValue()).build();
                });
    }
}
