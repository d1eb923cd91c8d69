package io.talis.instance;

import io.talis.compute.ComputeProvider;
import io.talis.compute.ComputeProviders;
import io.talis.engine.PermanentTaskFailure;
import io.talis.engine.TaskContext;
import java.sql.SQLException;

/** What both lifecycle handlers do first: find their instance and its provider. */
final class InstanceTasks {

    private InstanceTasks() {
    }

    static long instanceId(TaskContext task) {
        if (task.instanceId() != null) {
            return task.instanceId();
        }
        if (task.payload().containsKey("instance_id")) {
            return task.payload().getJsonNumber("instance_id").longValueExact();
        }
        throw new PermanentTaskFailure("task " + task.taskId() + " names no instance");
    }

    static InstanceRecord load(InstanceStore instances, long id) throws SQLException {
        return instances.find(id).orElseThrow(() -> new PermanentTaskFailure("instance " + id + " does not exist"));
    }

    static ComputeProvider provider(ComputeProviders providers, InstanceRecord instance) {
        return providers.cached(instance.providerId()).orElseGet(() -> providers.createOnce(instance.providerId()));
    }
}
