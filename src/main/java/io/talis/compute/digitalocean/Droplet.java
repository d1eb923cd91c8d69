package io.talis.compute.digitalocean;

import io.talis.compute.Machine;
import io.talis.compute.ProviderException;
import io.talis.compute.rest.JsonFields;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Optional;

/** The fields of a DigitalOcean droplet that Talis uses; {@code publicIp} is null until assigned. */
record Droplet(long id, String region, String publicIp, List<String> volumeIds) {

    /** Reads the {@code droplet} object of an answer, or one element of a {@code droplets} array. */
    static Droplet of(JsonObject droplet) throws ProviderException {
        long id = JsonFields.requiredNumber(droplet, "id", "a droplet");
        String region = JsonFields.text(JsonFields.object(droplet, "region"), "slug")
                .orElseThrow(() -> new ProviderException(0, "droplet " + id + " came without region.slug"));
        List<String> volumeIds = JsonFields.array(droplet, "volume_ids").stream()
                .map(value -> value instanceof JsonString text ? text.getString() : value.toString())
                .toList();
        return new Droplet(id, region, publicIpv4(droplet).orElse(null), volumeIds);
    }

    /** networks.v4[] with type "public"; DigitalOcean lists it once the droplet has one. */
    private static Optional<String> publicIpv4(JsonObject droplet) {
        JsonArray v4 = JsonFields.array(JsonFields.object(droplet, "networks"), "v4");
        return v4.stream()
                .filter(JsonObject.class::isInstance)
                .map(JsonObject.class::cast)
                .filter(network -> "public".equals(network.getString("type", "")))
                .map(network -> JsonFields.text(network, "ip_address"))
                .flatMap(Optional::stream)
                .findFirst();
    }

    boolean hasAddress() {
        return publicIp != null;
    }

    /** The droplet as a machine, before Talis attached its volumes. */
    Machine machine() {
        return new Machine(id, publicIp, volumeIds, JsonValue.EMPTY_JSON_ARRAY);
    }

    /** The next page of a DigitalOcean list: {@code links.pages.next}, absent on the last page. */
    static Optional<String> nextPage(JsonObject page) {
        return JsonFields.text(JsonFields.object(JsonFields.object(page, "links"), "pages"), "next");
    }
}
