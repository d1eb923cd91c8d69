package io.talis.compute.simulated;

import static io.talis.common.SharedJson.JSON;

import io.talis.compute.ComputeProvider;
import io.talis.compute.Machine;
import io.talis.compute.MachineRequest;
import io.talis.compute.ProviderException;
import io.talis.compute.ProviderStatistics;
import io.talis.engine.TaskContext;
import io.talis.persistence.Jdbc;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * A cloud that exists only in the {@code simulated_machines} table. It behaves like a real one
 * where it matters to the engine: each call takes time and may fail, machines get their address
 * after creation, a repeated create with the same idempotency key returns the machine already
 * made, deleting a missing machine reports "not found", and its inventory survives restarts.
 */
public class SimulatedCloud implements ComputeProvider {

    /** Documentation address ranges (RFC 5737), never routed: 3 blocks of 254 hosts. */
    private static final String[] ADDRESS_BLOCKS = {"192.0.2.", "198.51.100.", "203.0.113."};
    private static final int HOSTS_PER_BLOCK = 254;

    private static final String COLUMNS = "id, public_ip, idempotency_key";

    private final Jdbc jdbc;
    private final Duration latency;
    private final double failureRate;
    private final DoubleSupplier random;
    private final ProviderStatistics.Counts counts;

    public SimulatedCloud(Jdbc jdbc, Duration latency, double failureRate, ProviderStatistics.Counts counts) {
        this(jdbc, latency, failureRate, () -> ThreadLocalRandom.current().nextDouble(), counts);
    }

    SimulatedCloud(Jdbc jdbc, Duration latency, double failureRate, DoubleSupplier random, ProviderStatistics.Counts counts) {
        this.jdbc = jdbc;
        this.latency = latency;
        this.failureRate = failureRate;
        this.random = random;
        this.counts = counts;
    }

    @Override
    public Machine create(MachineRequest request, String idempotencyKey, TaskContext task) throws Exception {
        call(task, "create");
        // A second create with a live key updates nothing and returns the machine made before.
        return jdbc.single("""
                        INSERT INTO simulated_machines (idempotency_key, name, region, size, image)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (idempotency_key) WHERE deleted_at IS NULL
                        DO UPDATE SET idempotency_key = EXCLUDED.idempotency_key
                        RETURNING\s""" + COLUMNS,
                this::machine, idempotencyKey, request.name(), request.region(), request.size(), request.image())
                .map(machine -> withVolumes(machine, request))
                .orElseThrow();
    }

    @Override
    public Machine awaitReady(Machine machine, MachineRequest request, TaskContext task) throws Exception {
        if (machine.hasAddress()) {
            return machine;
        }
        call(task, "address assignment");
        String address = address(machine.id());
        int assigned = jdbc.update("UPDATE simulated_machines SET public_ip = COALESCE(public_ip, ?)"
                + " WHERE id = ? AND deleted_at IS NULL", address, machine.id());
        if (assigned == 0) {
            throw new ProviderException(404, "simulated machine " + machine.id() + " no longer exists");
        }
        return new Machine(machine.id(), address, machine.volumeIds(), machine.volumeDetails());
    }

    @Override
    public Optional<Machine> find(String idempotencyKey, TaskContext task) throws Exception {
        call(task, "lookup");
        return jdbc.single("SELECT " + COLUMNS + " FROM simulated_machines"
                + " WHERE idempotency_key = ? AND deleted_at IS NULL", this::machine, idempotencyKey);
    }

    @Override
    public boolean delete(long machineId, TaskContext task) throws Exception {
        call(task, "delete");
        return jdbc.update("UPDATE simulated_machines SET deleted_at = now()"
                + " WHERE id = ? AND deleted_at IS NULL", machineId) == 1;
    }

    /** One API call: it takes the configured latency and fails at the configured rate. */
    void call(TaskContext task, String operation) throws ProviderException {
        task.sleep(latency);
        boolean fails = random.getAsDouble() < failureRate;
        counts.answered(fails ? 500 : 200);
        if (fails) {
            throw new ProviderException(500, "simulated provider: " + operation + " failed with HTTP 500");
        }
    }

    static String address(long machineId) {
        long slot = (machineId - 1) % (ADDRESS_BLOCKS.length * HOSTS_PER_BLOCK);
        return ADDRESS_BLOCKS[(int) (slot / HOSTS_PER_BLOCK)] + (slot % HOSTS_PER_BLOCK + 1);
    }

    private Machine machine(ResultSet row) throws SQLException {
        return new Machine(row.getLong("id"), row.getString("public_ip"), List.of(), JsonValue.EMPTY_JSON_ARRAY);
    }

    /** The simulated cloud attaches the requested volumes with the machine. */
    private static Machine withVolumes(Machine machine, MachineRequest request) {
        JsonArray requested = request.spec().getJsonArray("volumes");
        if (requested == null || requested.isEmpty()) {
            return machine;
        }
        List<String> ids = new ArrayList<>();
        JsonArrayBuilder details = JSON.createArrayBuilder();
        for (int i = 0; i < requested.size(); i++) {
            JsonObject volume = requested.getJsonObject(i);
            String id = "sim-vol-" + machine.id() + "-" + (i + 1);
            ids.add(id);
            details.add(JSON.createObjectBuilder()
                    .add("id", id)
                    .add("name", volume.getString("name", "volume-" + (i + 1)))
                    .add("region", request.region() == null ? "" : request.region())
                    .add("size_gb", volume.getInt("size_gb", 0))
                    .add("mount_point", volume.getString("mount_point", "")));
        }
        return new Machine(machine.id(), machine.publicIp(), ids, details.build());
    }
}
