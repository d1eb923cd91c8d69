package io.talis.compute.ximera;

import static io.talis.common.SharedJson.JSON;

import io.talis.common.RequiredConfig;
import io.talis.compute.ComputeProvider;
import io.talis.compute.Machine;
import io.talis.compute.MachineRequest;
import io.talis.compute.ProviderException;
import io.talis.compute.rest.JsonFields;
import io.talis.compute.rest.Polling;
import io.talis.compute.rest.RestClient;
import io.talis.compute.rest.RestResponse;
import io.talis.engine.PermanentTaskFailure;
import io.talis.engine.TaskContext;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Ximera servers, with the requests and fields of the Go service: create ({@code POST /servers}),
 * build ({@code POST /servers/{id}/build}), wait until its state is {@code complete}, read its
 * address ({@code publicIp}, else the first IPv4 of its first interface), delete.
 *
 * <p>Idempotency: the API offers no tags, so a server is named after its idempotency key and
 * {@link #find} looks for that name among the servers of the API user ({@code GET /servers},
 * following {@code next_page_url} when the list is paged). Limits: a server renamed by hand is
 * not recognised, and the server list must be readable with the token. A build is asked for while
 * the server reports {@code commissionStatus} 0 (never built) and is not {@code complete}.
 */
public class XimeraCloud implements ComputeProvider {

    private final RestClient api;
    private final XimeraAccount account;
    private final Polling polling;

    public XimeraCloud(RestClient api, XimeraAccount account, Polling polling) {
        this.api = api;
        this.account = account;
        this.polling = polling;
    }

    @Override
    public Machine create(MachineRequest request, String idempotencyKey, TaskContext task) throws Exception {
        Optional<Machine> existing = find(idempotencyKey, task);
        if (existing.isPresent()) {
            task.log("ximera: server " + existing.get().id() + " already exists for " + idempotencyKey + "; using it");
            return existing.get();
        }
        operatingSystemId(request); // checked now: a server that cannot be built should not be made
        JsonObject spec = request.spec();
        JsonObject server = JSON.createObjectBuilder()
                .add("packageId", RequiredConfig.positiveNumber(account.packageId(), "XIMERA_PACKAGE_ID"))
                .add("userId", RequiredConfig.positiveNumber(account.userId(), "XIMERA_USER_ID"))
                .add("hypervisorId", RequiredConfig.positiveNumber(account.hypervisorGroupId(), "XIMERA_HYPERVISOR_GROUP_ID"))
                .add("ipv4", 1)
                .add("name", idempotencyKey)
                .add("storage", storageGb(spec))
                .add("memory", positive(spec, "memory"))
                .add("cpuCores", positive(spec, "cpu"))
                .build();
        long id = JsonFields.requiredNumber(JsonFields.object(api.post("/servers", server, task).require(), "data"), "id",
                "the created Ximera server");
        task.log("ximera: server " + id + " created for " + idempotencyKey);
        return new Machine(id, null, List.of(), JsonValue.EMPTY_JSON_ARRAY);
    }

    @Override
    public Machine awaitReady(Machine machine, MachineRequest request, TaskContext task) throws Exception {
        JsonObject server = get(machine.id(), task);
        if (needsBuild(server)) {
            JsonObject build = JSON.createObjectBuilder()
                    .add("operatingSystemId", operatingSystemId(request))
                    .add("name", server.getString("name", ""))
                    .add("sshKeys", JSON.createArrayBuilder().add(sshKeyId()))
                    .build();
            api.post("/servers/" + machine.id() + "/build", build, task).require();
            task.log("ximera: build of server " + machine.id() + " started");
        }
        String address = polling.until("the build of Ximera server " + machine.id(), task, () -> {
            JsonObject current = get(machine.id(), task);
            if (current.getBoolean("buildFailed", false)) {
                throw new PermanentTaskFailure("ximera: the build of server " + machine.id() + " failed");
            }
            return "complete".equals(current.getString("state", "")) ? address(current) : Optional.empty();
        });
        return new Machine(machine.id(), address, List.of(), JsonValue.EMPTY_JSON_ARRAY);
    }

    @Override
    public Optional<Machine> find(String idempotencyKey, TaskContext task) throws Exception {
        List<JsonObject> named = api.getAll("/servers", "data", page -> JsonFields.text(page, "next_page_url"), task)
                .stream().filter(server -> idempotencyKey.equals(server.getString("name", null))).toList();
        if (named.size() > 1) {
            task.log("ximera: " + named.size() + " servers are named " + idempotencyKey + "; using the oldest");
        }
        Optional<Long> oldest = named.stream().map(server -> JsonFields.number(server, "id")).flatMap(Optional::stream)
                .min(Comparator.naturalOrder());
        return oldest.map(id -> new Machine(id, null, List.of(), JsonValue.EMPTY_JSON_ARRAY));
    }

    @Override
    public boolean delete(long machineId, TaskContext task) throws Exception {
        RestResponse deleted = api.delete("/servers/" + machineId, task);
        if (deleted.notFound()) {
            return false;
        }
        deleted.require();
        return true;
    }

    private JsonObject get(long serverId, TaskContext task) throws Exception {
        RestResponse answer = api.get("/servers/" + serverId, task);
        if (answer.notFound()) {
            throw new ProviderException(404, "ximera: server " + serverId + " no longer exists");
        }
        return JsonFields.object(answer.require(), "data");
    }

    private static boolean needsBuild(JsonObject server) {
        return !"complete".equals(server.getString("state", "")) && JsonFields.number(server, "commissionStatus").orElse(0L) == 0;
    }

    /** {@code publicIp}, or else the first IPv4 address of the first network interface. */
    private static Optional<String> address(JsonObject server) {
        Optional<String> publicIp = JsonFields.text(server, "publicIp");
        if (publicIp.isPresent()) {
            return publicIp;
        }
        JsonArray interfaces = JsonFields.array(JsonFields.object(server, "network"), "interfaces");
        if (interfaces.isEmpty() || !(interfaces.get(0) instanceof JsonObject first)) {
            return Optional.empty();
        }
        JsonArray ipv4 = JsonFields.array(first, "ipv4");
        return !ipv4.isEmpty() && ipv4.get(0) instanceof JsonObject address ? JsonFields.text(address, "address") : Optional.empty();
    }

    /** The size of the request's one volume, which Ximera makes the server's disk. */
    private static long storageGb(JsonObject spec) {
        JsonArray volumes = JsonFields.array(spec, "volumes");
        if (volumes.size() != 1 || !(volumes.get(0) instanceof JsonObject volume)) {
            throw new PermanentTaskFailure("ximera needs exactly one volume (its size_gb becomes the server's disk), got "
                    + volumes.size());
        }
        return positive(volume, "size_gb");
    }

    private static long positive(JsonObject json, String field) {
        long value = JsonFields.number(json, field).orElse(0L);
        if (value <= 0) {
            throw new PermanentTaskFailure("ximera needs a positive '" + field + "' in the request");
        }
        return value;
    }

    /** Ximera's image is the numeric id of an operating system template. */
    private static long operatingSystemId(MachineRequest request) {
        String image = request.image() == null ? "" : request.image().strip();
        if (image.isEmpty() || !image.chars().allMatch(Character::isDigit)) {
            throw new PermanentTaskFailure("ximera needs a numeric image (an operating system id), got '" + image + "'");
        }
        return Long.parseLong(image);
    }

    /** For Ximera, TALIS_SSH_KEY_NAME holds the numeric id of the SSH key, as in the Go service. */
    private long sshKeyId() {
        return RequiredConfig.positiveNumber(account.sshKeyId(), "TALIS_SSH_KEY_NAME");
    }
}
