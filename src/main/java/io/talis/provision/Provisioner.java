package io.talis.provision;

import io.talis.engine.TaskContext;

/** Configures a freshly created machine (packages, hostname, volumes). Repeatable: a retry runs it again. */
public interface Provisioner {

    void provision(ProvisionTarget target, TaskContext task) throws Exception;
}
