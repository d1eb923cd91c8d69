package io.talis.instance;

import static io.talis.common.SharedJson.JSON;

import io.talis.compute.ComputeProvider;
import io.talis.compute.ComputeProviders;
import io.talis.compute.Machine;
import io.talis.compute.MachineRequest;
import io.talis.engine.PermanentTaskFailure;
import io.talis.engine.TaskContext;
import io.talis.engine.TaskHandler;
import io.talis.provision.ProvisionTarget;
import io.talis.provision.Provisioner;
import io.talis.provision.Provisioners;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * Brings an instance from pending to ready: pending, the machine is created (its id saved at
 * once, then its address) and the instance is created; then, if the request asked for it,
 * provisioning; then ready. Every attempt resumes from the instance's current status, and every
 * transition is conditional, so an instance terminated meanwhile stops the climb (and a machine
 * made for it after the terminate is deleted again).
 */
@ApplicationScoped
public class CreateInstancesHandler implements TaskHandler {

    public static final String ACTION = "create_instances";

    @Inject
    InstanceStore instances;

    @EJB
    ComputeProviders providers;

    @EJB
    Provisioners provisioners;

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public JsonObject run(TaskContext task) throws Exception {
        long id = InstanceTasks.instanceId(task);
        boolean provision = task.payload().getBoolean("provision", false);
        InstanceRecord instance = InstanceTasks.load(instances, id);
        while (true) {
            task.checkpoint();
            switch (instance.status()) {
                case PENDING -> createMachine(task, instance);
                case CREATED -> instances.advance(id, InstanceStatus.CREATED,
                        provision ? InstanceStatus.PROVISIONING : InstanceStatus.READY);
                case PROVISIONING -> provision(task, instance);
                case READY -> {
                    task.log("instance " + id + " is ready at " + instance.publicIp());
                    return result(instance);
                }
                case TERMINATED -> {
                    task.log("instance " + id + " was terminated before it became ready; stopping");
                    return result(instance);
                }
                default -> throw new PermanentTaskFailure("instance " + id + " is in status "
                        + instance.status().dbValue() + ", from which it cannot be created");
            }
            instance = InstanceTasks.load(instances, id);
        }
    }

    private void createMachine(TaskContext task, InstanceRecord instance) throws Exception {
        ComputeProvider provider = InstanceTasks.provider(providers, instance);
        MachineRequest request = new MachineRequest(instance.name(), instance.region(), instance.size(),
                instance.image(), instance.tags(), task.payload());
        Machine machine = provider.create(request, instance.idempotencyKey(), task);
        if (!instances.recordMachineId(instance.id(), machine.id())) {
            deleteOrphan(task, provider, machine);
            return;
        }
        task.log("machine " + machine.id() + " created at provider " + instance.providerId());
        Machine ready = provider.awaitReady(machine, request, task);
        if (!instances.markCreated(instance.id(), ready)) {
            deleteOrphan(task, provider, ready);
            return;
        }
        task.log("machine " + ready.id() + " has address " + ready.publicIp());
    }

    /** The instance was terminated while its machine was being made: the machine must not outlive it. */
    private static void deleteOrphan(TaskContext task, ComputeProvider provider, Machine machine) throws Exception {
        task.log("instance was terminated while machine " + machine.id() + " was being created; deleting the machine");
        provider.delete(machine.id(), task);
    }

    private void provision(TaskContext task, InstanceRecord instance) throws Exception {
        Provisioner provisioner = provisioners.cached(instance.providerId())
                .orElseGet(() -> provisioners.createOnce(instance.providerId()));
        provisioner.provision(new ProvisionTarget(instance.id(), instance.name(), instance.providerId(),
                instance.publicIp(), instance.volumeDetails()), task);
        instances.advance(instance.id(), InstanceStatus.PROVISIONING, InstanceStatus.READY);
    }

    private static JsonObject result(InstanceRecord instance) {
        JsonObjectBuilder result = JSON.createObjectBuilder()
                .add("instance_id", instance.id())
                .add("status", instance.status().dbValue());
        if (instance.providerInstanceId() != null) {
            result.add("provider_instance_id", instance.providerInstanceId());
        }
        if (instance.publicIp() != null) {
            result.add("public_ip", instance.publicIp());
        }
        return result.build();
    }
}
