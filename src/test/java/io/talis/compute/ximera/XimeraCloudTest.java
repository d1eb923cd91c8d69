package io.talis.compute.ximera;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.talis.compute.ximera.XimeraStub.PUBLIC_IP;
import static io.talis.compute.ximera.XimeraStub.SERVER_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.talis.compute.Machine;
import io.talis.compute.MachineRequest;
import io.talis.compute.rest.Polling;
import io.talis.compute.rest.RestClient;
import io.talis.compute.rest.RestTiming;
import io.talis.engine.PermanentTaskFailure;
import io.talis.testing.FakeTask;
import jakarta.json.Json;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Ximera provider against a stub with the fields the Go service uses. */
class XimeraCloudTest {

    private static final String KEY = "talis-instance-7";
    private static final RestTiming FAST = new RestTiming(Duration.ofSeconds(2), 3, Duration.ofMillis(10),
            Duration.ofMillis(50), Duration.ofSeconds(5));
    private static final Polling QUICK_POLLS = new Polling(Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(10));
    private static final XimeraAccount ACCOUNT = new XimeraAccount(Optional.of("5"), Optional.of("2"), Optional.of("1"),
            Optional.of("4"));
    private static final MachineRequest REQUEST = request("14", "[{\"name\": \"disk\", \"size_gb\": 25}]");

    private final XimeraStub stub = new XimeraStub(KEY, 2);
    private final FakeTask task = new FakeTask();

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void createsBuildsAndWaitsForTheCompleteServer() throws Exception {
        XimeraCloud cloud = cloud(ACCOUNT);

        Machine created = cloud.create(REQUEST, KEY, task);
        assertThat(created.id()).isEqualTo(SERVER_ID);
        assertThat(created.hasAddress()).isFalse();
        Machine ready = cloud.awaitReady(created, REQUEST, task);

        assertThat(ready.publicIp()).isEqualTo(PUBLIC_IP);
        stub.server().wireMock().verify(postRequestedFor(urlEqualTo("/servers")).withRequestBody(equalToJson("""
                {"packageId": 1, "userId": 5, "hypervisorId": 2, "ipv4": 1, "name": "talis-instance-7",
                 "storage": 25, "memory": 2, "cpuCores": 1}""")));
        stub.server().wireMock().verify(postRequestedFor(urlEqualTo("/servers/" + SERVER_ID + "/build")).withRequestBody(
                equalToJson("{\"operatingSystemId\": 14, \"name\": \"talis-instance-7\", \"sshKeys\": [4]}")));
        assertThat(task.sleeps()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void afterACrashTheServerIsFoundByNameOnALaterPageAndNotMadeTwice() throws Exception {
        Machine first = cloud(ACCOUNT).create(REQUEST, KEY, task);
        XimeraCloud restarted = cloud(ACCOUNT);

        Machine again = restarted.create(REQUEST, KEY, task);
        Machine ready = restarted.awaitReady(again, REQUEST, task);

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(ready.publicIp()).isEqualTo(PUBLIC_IP);
        assertThat(stub.server().count(postRequestedFor(urlEqualTo("/servers")))).isEqualTo(1);
        assertThat(stub.server().count(postRequestedFor(urlEqualTo("/servers/" + SERVER_ID + "/build")))).isEqualTo(1);
    }

    @Test
    void aResumedWaitDoesNotBuildAServerTwice() throws Exception {
        XimeraCloud cloud = cloud(ACCOUNT);
        Machine created = cloud.create(REQUEST, KEY, task);
        cloud.awaitReady(created, REQUEST, task);

        Machine resumed = cloud.awaitReady(created, REQUEST, task);

        assertThat(resumed.publicIp()).isEqualTo(PUBLIC_IP);
        assertThat(stub.server().count(postRequestedFor(urlEqualTo("/servers/" + SERVER_ID + "/build")))).isEqualTo(1);
    }

    @Test
    void rateLimitsAndServerErrorsDuringTheBuildAreRiddenOut() throws Exception {
        XimeraCloud cloud = cloud(ACCOUNT);
        Machine created = cloud.create(REQUEST, KEY, task);
        stub.server().setState(XimeraStub.SERVER, "complete");
        stub.server().stub(get(urlEqualTo("/servers/" + SERVER_ID)).inScenario("trouble").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("failing"));
        stub.server().stub(get(urlEqualTo("/servers/" + SERVER_ID)).inScenario("trouble").whenScenarioStateIs("failing")
                .willReturn(aResponse().withStatus(500).withBody("{\"message\": \"Server Error\"}")).willSetStateTo("fine"));
        stub.server().stub(get(urlEqualTo("/servers/" + SERVER_ID)).inScenario("trouble").whenScenarioStateIs("fine")
                .willReturn(okJson("{\"data\": " + XimeraStub.server(KEY, "complete", 3, true) + "}")));

        assertThat(cloud.awaitReady(created, REQUEST, task).publicIp()).isEqualTo(PUBLIC_IP);
        assertThat(task.sleeps()).contains(Duration.ofSeconds(1));
        assertThat(task.logText()).contains("HTTP 429", "HTTP 500: Server Error");
    }

    @Test
    void theAddressMayComeFromTheNetworkInterfaces() throws Exception {
        XimeraCloud cloud = cloud(ACCOUNT);
        Machine created = cloud.create(REQUEST, KEY, task);
        stub.server().setState(XimeraStub.SERVER, "complete");
        stub.server().stub(get(urlEqualTo("/servers/" + SERVER_ID)).willReturn(okJson("{\"data\": "
                + XimeraStub.server(KEY, "complete", 3, true).replace("\"publicIp\": \"" + PUBLIC_IP + "\",", "") + "}")));

        assertThat(cloud.awaitReady(created, REQUEST, task).publicIp()).isEqualTo(PUBLIC_IP);
    }

    @Test
    void requestsXimeraCannotServeFailBeforeAnyServerIsMade() {
        XimeraCloud cloud = cloud(ACCOUNT);

        assertThatThrownBy(() -> cloud.create(request("ubuntu", "[{\"size_gb\": 25}]"), KEY, task))
                .isInstanceOf(PermanentTaskFailure.class).hasMessageContaining("numeric image");
        assertThatThrownBy(() -> cloud.create(request("14", "[{\"size_gb\": 25}, {\"size_gb\": 5}]"), KEY, task))
                .isInstanceOf(PermanentTaskFailure.class).hasMessageContaining("exactly one volume");
        assertThatThrownBy(() -> cloud(new XimeraAccount(Optional.empty(), Optional.of("2"), Optional.of("1"), Optional.of("4")))
                .create(REQUEST, KEY, task))
                .isInstanceOf(PermanentTaskFailure.class).hasMessage("XIMERA_USER_ID is not set");
        assertThat(stub.server().count(postRequestedFor(urlEqualTo("/servers")))).isZero();
    }

    @Test
    void deleteIsIdempotentByStatus() throws Exception {
        XimeraCloud cloud = cloud(ACCOUNT);
        cloud.create(REQUEST, KEY, task);

        assertThat(cloud.delete(SERVER_ID, task)).isTrue();
        assertThat(cloud.delete(SERVER_ID, task)).isFalse();
        assertThat(stub.server().count(deleteRequestedFor(urlEqualTo("/servers/" + SERVER_ID)))).isEqualTo(2);
        assertThat(cloud.find(KEY, task)).isEmpty();
    }

    @Test
    void aRejectedTokenIsACredentialsFailure() {
        XimeraCloud cloud = new XimeraCloud(new RestClient("ximera", URI.create(stub.baseUrl()), "expired-token",
                "XIMERA_API_TOKEN", FAST, status -> { }), ACCOUNT, QUICK_POLLS);

        assertThatThrownBy(() -> cloud.delete(SERVER_ID, task)).isInstanceOf(PermanentTaskFailure.class)
                .hasMessageContaining("credentials").hasMessageContaining("XIMERA_API_TOKEN").hasMessageNotContaining("expired-token");
    }

    private XimeraCloud cloud(XimeraAccount account) {
        return new XimeraCloud(new RestClient("ximera", URI.create(stub.baseUrl()), XimeraStub.TOKEN, "XIMERA_API_TOKEN", FAST, status -> { }),
                account, QUICK_POLLS);
    }

    private static MachineRequest request(String image, String volumesJson) {
        return new MachineRequest("node-1", "nyc1", "", image, List.of(), Json.createReader(new StringReader(
                "{\"memory\": 2, \"cpu\": 1, \"volumes\": " + volumesJson + "}")).readObject());
    }
}
