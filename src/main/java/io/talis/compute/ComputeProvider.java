package io.talis.compute;

import io.talis.engine.TaskContext;
import java.util.Optional;

/**
 * A cloud that creates and deletes machines. Implementations are one class per vendor; nothing
 * outside their package names a vendor. Every call may be repeated after a crash, so create is
 * idempotent by key and delete treats a missing machine as deleted.
 */
public interface ComputeProvider {

    /**
     * Creates the machine for {@code idempotencyKey}, or returns the machine already created for
     * it. Returns as soon as the machine exists, so its id can be saved before any waiting.
     */
    Machine create(MachineRequest request, String idempotencyKey, TaskContext task) throws Exception;

    /**
     * Waits (with a deadline, stopping when the task must stop) until the machine has its address,
     * and finishes what the request asks beyond the machine itself (volumes, a build). Repeatable:
     * a resumed task calls it again for the same machine and request.
     */
    Machine awaitReady(Machine machine, MachineRequest request, TaskContext task) throws Exception;

    /** The live machine created earlier for this key, if any. */
    Optional<Machine> find(String idempotencyKey, TaskContext task) throws Exception;

    /** Deletes the machine and its volumes; false if it did not exist (already deleted). */
    boolean delete(long machineId, TaskContext task) throws Exception;
}
