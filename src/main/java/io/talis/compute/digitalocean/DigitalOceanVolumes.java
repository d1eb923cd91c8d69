package io.talis.compute.digitalocean;

import static io.talis.common.SharedJson.JSON;

import io.talis.compute.ProviderException;
import io.talis.compute.rest.JsonFields;
import io.talis.compute.rest.Polling;
import io.talis.compute.rest.RestClient;
import io.talis.compute.rest.RestResponse;
import io.talis.engine.PermanentTaskFailure;
import io.talis.engine.TaskContext;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The block storage volumes of Talis droplets. A volume's name is derived from its droplet's id
 * and its place in the request ({@code talis-<droplet id>-<n>-<requested name>}): DigitalOcean
 * allows one volume of a name per region, so creating is idempotent by name, and deleting a
 * droplet finds its volumes by that prefix too, including one created but never attached
 * (a crash, or a terminate, between the two calls).
 */
final class DigitalOceanVolumes {

    /** DigitalOcean's limit on volume names. */
    private static final int MAX_NAME_LENGTH = 64;

    private final RestClient api;
    private final Polling polling;

    DigitalOceanVolumes(RestClient api, Polling polling) {
        this.api = api;
        this.polling = polling;
    }

    /**
     * Creates (or finds) the requested volumes and attaches them to the droplet; returns their
     * details as the instance stores them: {@code [{id, name, region, size_gb, mount_point}]}.
     */
    JsonArray attachAll(Droplet droplet, JsonArray requested, TaskContext task) throws Exception {
        JsonArrayBuilder details = JSON.createArrayBuilder();
        for (int i = 0; i < requested.size(); i++) {
            JsonObject spec = spec(requested, i);
            long sizeGb = sizeGb(spec, i);
            String name = name(droplet.id(), i + 1, spec.getString("name", ""));
            Volume volume = findOrCreate(name, sizeGb, droplet, task);
            if (!volume.dropletIds().contains(droplet.id())) {
                runAction(volume.id(), "attach", droplet, task);
                task.log("digitalocean: volume " + name + " attached to droplet " + droplet.id());
            }
            details.add(JSON.createObjectBuilder()
                    .add("id", volume.id())
                    .add("name", volume.name())
                    .add("region", droplet.region())
                    .add("size_gb", sizeGb)
                    .add("mount_point", spec.getString("mount_point", "")));
        }
        return details.build();
    }

    /** Detaches and deletes every volume of the droplet: the attached ones and any made for it but never attached. */
    void deleteAll(Droplet droplet, TaskContext task) throws Exception {
        for (Volume volume : ofDroplet(droplet, task)) {
            if (volume.dropletIds().contains(droplet.id())) {
                runAction(volume.id(), "detach", droplet, task);
            }
            RestResponse deleted = api.delete("/v2/volumes/" + volume.id(), task);
            if (!deleted.notFound()) {
                deleted.require();
            }
            task.log("digitalocean: volume " + volume.name() + " of droplet " + droplet.id() + " deleted");
        }
    }

    /** Checks the requested volumes before anything is created for them. */
    static void check(JsonArray requested) {
        for (int i = 0; i < requested.size(); i++) {
            sizeGb(spec(requested, i), i);
        }
    }

    private static JsonObject spec(JsonArray requested, int index) {
        return requested.get(index) instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
    }

    private static long sizeGb(JsonObject spec, int index) {
        long sizeGb = JsonFields.number(spec, "size_gb").orElse(0L);
        if (sizeGb <= 0) {
            throw new PermanentTaskFailure("volume " + (index + 1) + " of the request needs a positive size_gb");
        }
        return sizeGb;
    }

    static String name(long dropletId, int position, String requestedName) {
        String suffix = requestedName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        String name = prefix(dropletId) + position + (suffix.isEmpty() ? "" : "-" + suffix);
        return name.length() <= MAX_NAME_LENGTH ? name : name.substring(0, MAX_NAME_LENGTH).replaceAll("-+$", "");
    }

    private static String prefix(long dropletId) {
        return "talis-" + dropletId + "-";
    }

    private Volume findOrCreate(String name, long sizeGb, Droplet droplet, TaskContext task) throws Exception {
        Optional<Volume> existing = findByName(name, droplet.region(), task);
        if (existing.isPresent()) {
            return existing.get();
        }
        JsonObject request = JSON.createObjectBuilder()
                .add("name", name)
                .add("region", droplet.region())
                .add("size_gigabytes", sizeGb)
                .add("description", "Talis volume of droplet " + droplet.id())
                .build();
        RestResponse created = api.post("/v2/volumes", request, task);
        if (!created.ok()) {
            // A create whose earlier answer was lost conflicts with the volume it made: use that one.
            return findByName(name, droplet.region(), task).orElseThrow(created::failure);
        }
        task.log("digitalocean: volume " + name + " (" + sizeGb + " GB) created in " + droplet.region());
        return Volume.of(JsonFields.object(created.body(), "volume"));
    }

    private Optional<Volume> findByName(String name, String region, TaskContext task) throws Exception {
        return api.getAll("/v2/volumes?name=" + encode(name) + "&region=" + encode(region), "volumes", Droplet::nextPage, task)
                .stream().map(Volume::of).filter(volume -> volume.name().equals(name)).findFirst();
    }

    private List<Volume> ofDroplet(Droplet droplet, TaskContext task) throws Exception {
        List<JsonObject> inRegion = api.getAll("/v2/volumes?region=" + encode(droplet.region()) + "&per_page=200",
                "volumes", Droplet::nextPage, task);
        return inRegion.stream().map(Volume::of)
                .filter(volume -> droplet.volumeIds().contains(volume.id()) || volume.name().startsWith(prefix(droplet.id())))
                .toList();
    }

    /** Starts a volume action (attach, detach) and waits until DigitalOcean reports it completed. */
    private void runAction(String volumeId, String type, Droplet droplet, TaskContext task) throws Exception {
        JsonObject request = JSON.createObjectBuilder()
                .add("type", type)
                .add("droplet_id", droplet.id())
                .add("region", droplet.region())
                .build();
        JsonObject action = JsonFields.object(api.post("/v2/volumes/" + volumeId + "/actions", request, task).require(), "action");
        long actionId = JsonFields.requiredNumber(action, "id", "the " + type + " action of volume " + volumeId);
        String what = type + " of volume " + volumeId + " (action " + actionId + ")";
        polling.until(what, task, () -> {
            JsonObject current = JsonFields.object(api.get("/v2/actions/" + actionId, task).require(), "action");
            String status = current.getString("status", "");
            if ("errored".equals(status)) {
                throw new ProviderException(0, "digitalocean: the " + what + " errored");
            }
            return "completed".equals(status) ? Optional.of(current) : Optional.empty();
        });
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The fields of a volume that Talis uses. */
    private record Volume(String id, String name, List<Long> dropletIds) {

        static Volume of(JsonObject volume) {
            return new Volume(volume.getString("id", ""), volume.getString("name", ""),
                    JsonFields.array(volume, "droplet_ids").getValuesAs(JsonNumber::longValue));
        }
    }
}
