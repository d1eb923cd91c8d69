package io.talis.instance;

import static io.talis.common.SharedJson.JSON;

import io.talis.compute.ComputeProvider;
import io.talis.compute.ComputeProviders;
import io.talis.compute.Machine;
import io.talis.engine.TaskContext;
import io.talis.engine.TaskHandler;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.Optional;

/**
 * Deletes an instance's machine and marks the instance terminated. A machine the provider no
 * longer has counts as deleted; a machine whose id was never saved (a crash right after its
 * creation) is found by the instance's idempotency key, so none is left behind untracked.
 */
@ApplicationScoped
public class TerminateInstancesHandler implements TaskHandler {

    public static final String ACTION = "terminate_instances";

    @Inject
    InstanceStore instances;

    @EJB
    ComputeProviders providers;

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public JsonObject run(TaskContext task) throws Exception {
        long id = InstanceTasks.instanceId(task);
        InstanceRecord instance = InstanceTasks.load(instances, id);
        if (instance.status() == InstanceStatus.TERMINATED) {
            task.log("instance " + id + " is already terminated");
            return JSON.createObjectBuilder().add("instance_id", id).add("deleted", false).build();
        }
        ComputeProvider provider = InstanceTasks.provider(providers, instance);
        Optional<Long> machineId = instance.providerInstanceId() != null
                ? Optional.of(instance.providerInstanceId())
                : provider.find(instance.idempotencyKey(), task).map(Machine::id);
        boolean deleted = false;
        if (machineId.isPresent()) {
            task.checkpoint();
            deleted = provider.delete(machineId.get(), task);
            task.log(deleted ? "machine " + machineId.get() + " deleted"
                    : "machine " + machineId.get() + " was already gone at the provider");
        } else {
            task.log("instance " + id + " never got a machine; nothing to delete");
        }
        instances.markTerminated(id);
        return JSON.createObjectBuilder().add("instance_id", id).add("deleted", deleted).build();
    }
}
