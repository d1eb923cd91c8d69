package io.talis.compute.ximera;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.talis.testing.StubServer;
import java.util.List;

/**
 * A local stand-in for the Ximera API with the fields the Go service reads: the server list is
 * paged (Laravel style, {@code next_page_url}), and one server goes from created (never built,
 * {@code commissionStatus} 0) through its build to {@code complete} with a {@code publicIp}, and
 * is gone after DELETE.
 */
final class XimeraStub implements AutoCloseable {

    static final String TOKEN = "ximera-test-token-91d2";
    static final long SERVER_ID = 701;
    static final String PUBLIC_IP = "198.51.100.23";
    static final String SERVER = "server";

    private final StubServer server = new StubServer(TOKEN, StubServer.json(401, "{\"message\": \"Unauthenticated.\"}"));

    /** The server's life; {@code buildingPolls} looks at it see the build still running. */
    XimeraStub(String serverName, int buildingPolls) {
        String other = "{\"id\": 12, \"ownerId\": 3, \"hypervisorId\": 2, \"name\": \"someone-elses\", \"state\": \"complete\"}";
        for (String state : List.of(Scenario.STARTED, "created", "building", "complete", "deleted")) {
            boolean exists = !state.equals(Scenario.STARTED) && !state.equals("deleted");
            server.inState(SERVER, state, get(urlPathEqualTo("/servers")).withQueryParam("page", absent()),
                    okJson("{\"current_page\": 1, \"data\": [" + other + "], \"last_page\": 2,"
                            + " \"next_page_url\": \"" + server.baseUrl() + "/servers?page=2\"}"), null);
            server.inState(SERVER, state, get(urlPathEqualTo("/servers")).withQueryParam("page", equalTo("2")),
                    okJson("{\"current_page\": 2, \"data\": [" + (exists ? listed(serverName) : "") + "], \"last_page\": 2,"
                            + " \"next_page_url\": null}"), null);
            server.inState(SERVER, state, delete(urlEqualTo("/servers/" + SERVER_ID)),
                    exists ? aResponse().withStatus(204) : StubServer.json(404, "{\"message\": \"Server not found\"}"),
                    exists ? "deleted" : null);
        }
        server.inState(SERVER, Scenario.STARTED, post(urlEqualTo("/servers")),
                StubServer.json(201, "{\"data\": " + server(serverName, "", 0, false) + "}"), "created");
        server.inState(SERVER, "created", get(urlEqualTo("/servers/" + SERVER_ID)),
                okJson("{\"data\": " + server(serverName, "", 0, false) + "}"), null);
        server.inState(SERVER, "created", post(urlEqualTo("/servers/" + SERVER_ID + "/build")),
                okJson("{\"data\": " + server(serverName, "building", 1, false) + "}"), buildingPolls == 0 ? "complete" : "building-1");
        for (int i = 1; i <= buildingPolls; i++) {
            server.inState(SERVER, "building-" + i, get(urlEqualTo("/servers/" + SERVER_ID)),
                    okJson("{\"data\": " + server(serverName, "building", 1, false) + "}"),
                    i == buildingPolls ? "complete" : "building-" + (i + 1));
        }
        server.inState(SERVER, "complete", get(urlEqualTo("/servers/" + SERVER_ID)),
                okJson("{\"data\": " + server(serverName, "complete", 3, true) + "}"), null);
        for (String gone : List.of(Scenario.STARTED, "deleted")) {
            server.inState(SERVER, gone, get(urlEqualTo("/servers/" + SERVER_ID)),
                    StubServer.json(404, "{\"message\": \"Server not found\"}"), null);
        }
    }

    StubServer server() {
        return server;
    }

    String baseUrl() {
        return server.baseUrl();
    }

    static String server(String name, String state, int commissionStatus, boolean withAddress) {
        return """
                {"id": %d, "ownerId": 5, "hypervisorId": 2, "name": "%s", "hostname": "", "uuid": "8c5a6f0e-2b1d",
                 "state": "%s", "commissionStatus": %d, %s "created": "2025-03-10 19:11:51", "updated": "2025-03-10 19:12:51",
                 "network": {"interfaces": [{"ipv4": [%s]}]}}"""
                .formatted(SERVER_ID, name, state, commissionStatus, withAddress ? "\"publicIp\": \"" + PUBLIC_IP + "\"," : "",
                        withAddress ? "{\"address\": \"" + PUBLIC_IP + "\"}" : "");
    }

    private static String listed(String name) {
        return "{\"id\": " + SERVER_ID + ", \"ownerId\": 5, \"hypervisorId\": 2, \"name\": \"" + name + "\", \"state\": \"\"}";
    }

    @Override
    public void close() {
        server.close();
    }
}
