package io.talis.compute.digitalocean;

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
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * DigitalOcean droplets through the REST API v2. Each droplet carries the instance's idempotency
 * key as a tag, so {@link #find} ({@code GET /v2/droplets?tag_name=<key>}) recognises the droplet
 * of an earlier attempt and {@link #create} never makes a second one.
 */
public class DigitalOceanCloud implements ComputeProvider {

    private static final String KEYS = "/v2/account/keys?per_page=200";

    private final RestClient api;
    private final Optional<String> sshKeyName;
    private final Polling polling;
    private final DigitalOceanVolumes volumes;

    public DigitalOceanCloud(RestClient api, Optional<String> sshKeyName, Polling polling) {
        this.api = api;
        this.sshKeyName = sshKeyName;
        this.polling = polling;
        this.volumes = new DigitalOceanVolumes(api, polling);
    }

    @Override
    public Machine create(MachineRequest request, String idempotencyKey, TaskContext task) throws Exception {
        Optional<Machine> existing = find(idempotencyKey, task);
        if (existing.isPresent()) {
            task.log("digitalocean: droplet " + existing.get().id() + " already exists for " + idempotencyKey + "; using it");
            return existing.get();
        }
        DigitalOceanVolumes.check(JsonFields.array(request.spec(), "volumes")); // before a droplet exists that could not get them
        JsonObjectBuilder droplet = JSON.createObjectBuilder()
                .add("name", hostName(request.name(), idempotencyKey))
                .add("region", required(request.region(), "region"))
                .add("size", required(request.size(), "size"))
                .add("ssh_keys", JSON.createArrayBuilder().add(sshKeyId(task)))
                .add("tags", tags(idempotencyKey, request.tags()));
        String image = required(request.image(), "image");
        if (image.chars().allMatch(Character::isDigit)) {
            droplet.add("image", Long.parseLong(image));
        } else {
            droplet.add("image", image);
        }
        JsonObject answer = api.post("/v2/droplets", droplet.build(), task).require();
        Droplet created = Droplet.of(JsonFields.object(answer, "droplet"));
        task.log("digitalocean: droplet " + created.id() + " created in " + created.region() + " for " + idempotencyKey);
        return created.machine();
    }

    @Override
    public Machine awaitReady(Machine machine, MachineRequest request, TaskContext task) throws Exception {
        Droplet droplet = polling.until("a public IPv4 address of droplet " + machine.id(), task, () -> {
            Droplet current = get(machine.id(), task)
                    .orElseThrow(() -> new ProviderException(404, "digitalocean: droplet " + machine.id() + " no longer exists"));
            return current.hasAddress() ? Optional.of(current) : Optional.empty();
        });
        JsonArray details = volumes.attachAll(droplet, JsonFields.array(request.spec(), "volumes"), task);
        List<String> volumeIds = details.getValuesAs(JsonObject.class).stream().map(volume -> volume.getString("id")).toList();
        return new Machine(droplet.id(), droplet.publicIp(), volumeIds, details);
    }

    @Override
    public Optional<Machine> find(String idempotencyKey, TaskContext task) throws Exception {
        List<JsonObject> tagged = api.getAll("/v2/droplets?tag_name=" + URLEncoder.encode(idempotencyKey, StandardCharsets.UTF_8),
                "droplets", Droplet::nextPage, task);
        if (tagged.size() > 1) {
            task.log("digitalocean: " + tagged.size() + " droplets carry the tag " + idempotencyKey + "; using the oldest");
        }
        Optional<JsonObject> oldest = tagged.stream()
                .min(Comparator.comparingLong(droplet -> JsonFields.number(droplet, "id").orElse(Long.MAX_VALUE)));
        return oldest.isEmpty() ? Optional.empty() : Optional.of(Droplet.of(oldest.get()).machine());
    }

    @Override
    public boolean delete(long machineId, TaskContext task) throws Exception {
        Optional<Droplet> droplet = get(machineId, task);
        if (droplet.isEmpty()) {
            return false;
        }
        volumes.deleteAll(droplet.get(), task);
        RestResponse deleted = api.delete("/v2/droplets/" + machineId, task);
        if (deleted.notFound()) {
            return false;
        }
        deleted.require();
        return true;
    }

    /** The droplet, or empty when DigitalOcean answers 404. */
    private Optional<Droplet> get(long dropletId, TaskContext task) throws Exception {
        RestResponse answer = api.get("/v2/droplets/" + dropletId, task);
        if (answer.notFound()) {
            return Optional.empty();
        }
        return Optional.of(Droplet.of(JsonFields.object(answer.require(), "droplet")));
    }

    /** The id of the SSH key named TALIS_SSH_KEY_NAME, searched across every page of the account's keys. */
    private long sshKeyId(TaskContext task) throws Exception {
        String name = RequiredConfig.text(sshKeyName, "TALIS_SSH_KEY_NAME");
        List<JsonObject> keys = api.getAll(KEYS, "ssh_keys", Droplet::nextPage, task);
        return keys.stream()
                .filter(key -> name.equals(key.getString("name", null)))
                .map(key -> JsonFields.number(key, "id"))
                .flatMap(Optional::stream)
                .findFirst()
                .orElseThrow(() -> new PermanentTaskFailure("digitalocean: no SSH key named '" + name
                        + "' (TALIS_SSH_KEY_NAME) among the account's " + keys.size() + " keys"));
    }

    /** The idempotency key first, then the request's own tags, each once. */
    private static JsonArrayBuilder tags(String idempotencyKey, List<String> requested) {
        Set<String> tags = new LinkedHashSet<>();
        tags.add(idempotencyKey);
        tags.addAll(requested);
        JsonArrayBuilder array = JSON.createArrayBuilder();
        tags.forEach(array::add);
        return array;
    }

    /** DigitalOcean accepts letters, digits, dots and dashes in droplet names. */
    private static String hostName(String name, String idempotencyKey) {
        String cleaned = name == null ? "" : name.replaceAll("[^A-Za-z0-9.-]+", "-").replaceAll("^[-.]+|[-.]+$", "");
        return cleaned.isEmpty() ? idempotencyKey : cleaned;
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new PermanentTaskFailure("digitalocean needs a " + field + " for the droplet");
        }
        return value;
    }
}
