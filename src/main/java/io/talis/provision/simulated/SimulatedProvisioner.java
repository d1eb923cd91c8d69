package io.talis.provision.simulated;

import io.talis.compute.ProviderException;
import io.talis.engine.TaskContext;
import io.talis.persistence.Jdbc;
import io.talis.provision.ProvisionTarget;
import io.talis.provision.Provisioner;
import java.time.Duration;

/**
 * Provisions the simulated cloud's machines: takes the configured latency, then marks the machine
 * at the target address as provisioned. A machine that does not exist (any more) is unreachable,
 * as a real host would be.
 */
public class SimulatedProvisioner implements Provisioner {

    private final Jdbc jdbc;
    private final Duration latency;

    public SimulatedProvisioner(Jdbc jdbc, Duration latency) {
        this.jdbc = jdbc;
        this.latency = latency;
    }

    @Override
    public void provision(ProvisionTarget target, TaskContext task) throws Exception {
        task.log("provisioning " + target.name() + " at " + target.publicIp());
        task.sleep(latency);
        int reached = jdbc.update("UPDATE simulated_machines SET provisioned_at = now()"
                + " WHERE public_ip = ? AND deleted_at IS NULL", target.publicIp());
        if (reached == 0) {
            throw new ProviderException(0, "host " + target.publicIp() + " is unreachable: no simulated machine has this address");
        }
    }
}
