package io.talis.compute.digitalocean;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.talis.testing.StubServer;
import java.util.ArrayList;
import java.util.List;

/**
 * A local stand-in for the DigitalOcean API v2 (WireMock), answering with the bodies, statuses
 * and pagination of the published API: an account whose SSH keys span two pages, and the life of
 * one droplet and one volume as WireMock scenarios (created, booting without an address for a
 * while, active, deleted; a volume created, attached, detached, deleted). Requests without the
 * right bearer token get DigitalOcean's 401.
 */
public final class DigitalOceanStub implements AutoCloseable {

    public static final String TOKEN = "dop_v1_test_0123456789abcdef";
    public static final String SSH_KEY_NAME = "talis-ci";
    public static final long SSH_KEY_ID = 512190;
    public static final long DROPLET_ID = 3164494;
    public static final String REGION = "nyc1";
    public static final String PUBLIC_IP = "203.0.113.17";
    public static final String VOLUME_ID = "7724db7c-e098-11e5-b522-000f53304e51";
    /** The name Talis gives the first volume of {@link #DROPLET_ID} when the request calls it "data". */
    public static final String DATA_VOLUME_NAME = "talis-3164494-1-data";
    public static final String DROPLETS = "droplet";
    public static final String VOLUMES = "volume";

    private static final String NOT_FOUND = "{\"id\": \"not_found\", \"message\": \"The resource you requested could not be found.\"}";

    private final StubServer server =
            new StubServer(TOKEN, json(401, "{\"id\": \"Unauthorized\", \"message\": \"Unable to authenticate you\"}"));

    private DigitalOceanStub() {
        server.stub(get(urlPathEqualTo("/v2/volumes")).atPriority(10)
                .willReturn(okJson("{\"volumes\": [], \"links\": {}, \"meta\": {\"total\": 0}}")));
    }

    public static DigitalOceanStub start() {
        return new DigitalOceanStub();
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public StubServer server() {
        return server;
    }

    public int count(RequestPatternBuilder requests) {
        return server.count(requests);
    }

    @Override
    public void close() {
        server.close();
    }

    /** GET /v2/account/keys: one foreign key on the first page, ours on the second (links.pages.next). */
    public DigitalOceanStub account() {
        server.stub(get(urlPathEqualTo("/v2/account/keys")).withQueryParam("page", absent())
                .willReturn(okJson("""
                        {"ssh_keys": [{"id": 289794, "fingerprint": "3b:16:e4:bf:8b:00:8b:b8:59:8c:a9:d3:f0:19:fa:45",
                                       "public_key": "ssh-rsa AAAAB3Nza... someone@else", "name": "someone-else"}],
                         "links": {"pages": {"next": "%1$s/v2/account/keys?page=2&per_page=1",
                                             "last": "%1$s/v2/account/keys?page=2&per_page=1"}},
                         "meta": {"total": 2}}""".formatted(baseUrl()))));
        server.stub(get(urlPathEqualTo("/v2/account/keys")).withQueryParam("page", equalTo("2"))
                .willReturn(okJson("""
                        {"ssh_keys": [{"id": %d, "fingerprint": "9d:2c:1a:77:00:3e:41:b2:cd:0f:aa:11:22:33:44:55",
                                       "public_key": "ssh-ed25519 AAAAC3Nza... talis", "name": "%s"}],
                         "links": {"pages": {"first": "%3$s/v2/account/keys?page=1&per_page=1",
                                             "prev": "%3$s/v2/account/keys?page=1&per_page=1"}},
                         "meta": {"total": 2}}""".formatted(SSH_KEY_ID, SSH_KEY_NAME, baseUrl()))));
        return this;
    }

    /**
     * One droplet: none until POST /v2/droplets creates it; then {@code pollsWithoutAddress}
     * GETs of it show no public address yet (DigitalOcean assigns it while the droplet boots);
     * then it is active with {@link #PUBLIC_IP}; DELETE removes it, after which it is a 404.
     */
    public DigitalOceanStub droplet(int pollsWithoutAddress) {
        List<String> live = new ArrayList<>();
        for (int i = 1; i <= pollsWithoutAddress; i++) {
            live.add("booting-" + i);
        }
        live.add("active");
        for (String absentState : List.of(Scenario.STARTED, "deleted")) {
            server.inState(DROPLETS, absentState, get(urlPathEqualTo("/v2/droplets")).withQueryParam("tag_name", matching(".+")),
                    okJson("{\"droplets\": [], \"links\": {}, \"meta\": {\"total\": 0}}"), null);
            server.inState(DROPLETS, absentState, get(urlEqualTo("/v2/droplets/" + DROPLET_ID)), json(404, NOT_FOUND), null);
            server.inState(DROPLETS, absentState, delete(urlEqualTo("/v2/droplets/" + DROPLET_ID)), json(404, NOT_FOUND), null);
        }
        server.inState(DROPLETS, Scenario.STARTED, post(urlEqualTo("/v2/droplets")),
                json(202, "{\"droplet\": " + droplet(false) + ", \"links\": {\"actions\": [{\"id\": 7515, \"rel\": \"create\","
                        + " \"href\": \"" + baseUrl() + "/v2/actions/7515\"}]}}"), live.get(0));
        for (int i = 0; i < live.size(); i++) {
            String state = live.get(i);
            boolean active = state.equals("active");
            server.inState(DROPLETS, state, get(urlPathEqualTo("/v2/droplets")).withQueryParam("tag_name", matching(".+")),
                    okJson("{\"droplets\": [" + droplet(active) + "], \"links\": {}, \"meta\": {\"total\": 1}}"), null);
            server.inState(DROPLETS, state, get(urlEqualTo("/v2/droplets/" + DROPLET_ID)),
                    okJson("{\"droplet\": " + droplet(active) + "}"), active ? null : live.get(i + 1));
            server.inState(DROPLETS, state, delete(urlEqualTo("/v2/droplets/" + DROPLET_ID)), aResponse().withStatus(204), "deleted");
        }
        return this;
    }

    /**
     * One volume, found by name once POST /v2/volumes made it, attached and detached through
     * volume actions (each action is in progress at its first look, completed at the second), and
     * deleted by DELETE /v2/volumes/{id}.
     */
    public DigitalOceanStub volume(String name) {
        String noVolumes = "{\"volumes\": [], \"links\": {}, \"meta\": {\"total\": 0}}";
        String detached = "{\"volumes\": [" + volumeJson(name, false) + "], \"links\": {}, \"meta\": {\"total\": 1}}";
        String attached = "{\"volumes\": [" + volumeJson(name, true) + "], \"links\": {}, \"meta\": {\"total\": 1}}";
        String[][] lists = {{Scenario.STARTED, noVolumes}, {"created", detached}, {"attached", attached},
                {"detached", detached}, {"deleted", noVolumes}};
        for (String[] list : lists) {
            server.inState(VOLUMES, list[0], get(urlPathEqualTo("/v2/volumes")).withQueryParam("region", equalTo(REGION)),
                    okJson(list[1]), null);
        }
        server.inState(VOLUMES, Scenario.STARTED, post(urlEqualTo("/v2/volumes")),
                json(201, "{\"volume\": " + volumeJson(name, false) + "}"), "created");
        server.inState(VOLUMES, "created", post(urlEqualTo("/v2/volumes/" + VOLUME_ID + "/actions")),
                json(202, action(36804745, "attach_volume", "in-progress")), "attached");
        server.inState(VOLUMES, "attached", post(urlEqualTo("/v2/volumes/" + VOLUME_ID + "/actions")),
                json(202, action(36804746, "detach_volume", "in-progress")), "detached");
        server.inState(VOLUMES, "detached", delete(urlEqualTo("/v2/volumes/" + VOLUME_ID)), aResponse().withStatus(204), "deleted");
        server.inState(VOLUMES, "deleted", delete(urlEqualTo("/v2/volumes/" + VOLUME_ID)), json(404, NOT_FOUND), null);
        actionCompletingAtSecondLook(36804745, "attach_volume");
        actionCompletingAtSecondLook(36804746, "detach_volume");
        return this;
    }

    private void actionCompletingAtSecondLook(long id, String type) {
        String scenario = "action-" + id;
        server.inState(scenario, Scenario.STARTED, get(urlEqualTo("/v2/actions/" + id)),
                okJson(action(id, type, "in-progress")), "done");
        server.inState(scenario, "done", get(urlEqualTo("/v2/actions/" + id)), okJson(action(id, type, "completed")), null);
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return StubServer.json(status, body);
    }

    static String droplet(boolean withAddress) {
        String publicNetwork = withAddress
                ? ", {\"ip_address\": \"" + PUBLIC_IP + "\", \"netmask\": \"255.255.240.0\", \"gateway\": \"203.0.113.1\", \"type\": \"public\"}"
                : "";
        return """
                {"id": %d, "name": "node-1", "memory": 1024, "vcpus": 1, "disk": 25, "locked": false,
                 "status": "%s", "created_at": "2025-03-10T19:11:51Z",
                 "image": {"id": 129211873, "slug": "ubuntu-22-04-x64", "distribution": "Ubuntu"},
                 "size_slug": "s-1vcpu-1gb",
                 "networks": {"v4": [{"ip_address": "10.128.192.124", "netmask": "255.255.0.0", "gateway": "10.128.0.1",
                                      "type": "private"}%s],
                              "v6": []},
                 "region": {"slug": "%s", "name": "New York 1", "available": true},
                 "volume_ids": [], "tags": ["talis-instance-1"], "vpc_uuid": "760e09ef-dc84-11e8-981e-3cfdfeaae000"}"""
                .formatted(DROPLET_ID, withAddress ? "active" : "new", publicNetwork, REGION);
    }

    private static String volumeJson(String name, boolean attached) {
        return """
                {"id": "%s", "region": {"slug": "%s", "name": "New York 1"}, "droplet_ids": [%s], "name": "%s",
                 "description": "Talis volume", "size_gigabytes": 10, "created_at": "2025-03-10T19:12:01Z",
                 "filesystem_type": "", "filesystem_label": "", "tags": []}"""
                .formatted(VOLUME_ID, REGION, attached ? String.valueOf(DROPLET_ID) : "", name);
    }

    private static String action(long id, String type, String status) {
        return """
                {"action": {"id": %d, "status": "%s", "type": "%s", "started_at": "2025-03-10T19:12:05Z",
                            "completed_at": null, "resource_id": null, "resource_type": "backend",
                            "region_slug": "%s"}}""".formatted(id, status, type, REGION);
    }
}
