package io.talis.compute.digitalocean;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.talis.compute.digitalocean.DigitalOceanStub.DROPLETS;
import static io.talis.compute.digitalocean.DigitalOceanStub.DROPLET_ID;
import static io.talis.compute.digitalocean.DigitalOceanStub.PUBLIC_IP;
import static io.talis.compute.digitalocean.DigitalOceanStub.TOKEN;
import static io.talis.compute.digitalocean.DigitalOceanStub.VOLUME_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.talis.compute.Machine;
import io.talis.compute.MachineRequest;
import io.talis.compute.ProviderException;
import io.talis.compute.rest.Polling;
import io.talis.compute.rest.RestClient;
import io.talis.compute.rest.RestTiming;
import io.talis.engine.PermanentTaskFailure;
import io.talis.engine.StopReason;
import io.talis.engine.TaskStoppedException;
import io.talis.testing.FakeTask;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The DigitalOcean provider against a stub that answers like the API v2. */
class DigitalOceanCloudTest {

    private static final String KEY = "talis-instance-42";
    private static final RestTiming FAST = new RestTiming(Duration.ofSeconds(2), 3, Duration.ofMillis(10),
            Duration.ofMillis(50), Duration.ofSeconds(5));
    private static final Polling QUICK_POLLS = new Polling(Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(10));
    private static final String VOLUME_NAME = DigitalOceanVolumes.name(DROPLET_ID, 1, "Data");

    @Test
    void volumeNamesAreDerivedFromTheDropletAndFitDigitalOceansRules() {
        assertThat(VOLUME_NAME).isEqualTo(DigitalOceanStub.DATA_VOLUME_NAME);
        assertThat(DigitalOceanVolumes.name(12, 2, "")).isEqualTo("talis-12-2");
        assertThat(DigitalOceanVolumes.name(12, 1, "Ünïcode & spaces " + "x".repeat(80)))
                .hasSizeLessThanOrEqualTo(64).matches("[a-z][a-z0-9-]*[a-z0-9]").startsWith("talis-12-1-n-code-spaces-x");
    }

    private final DigitalOceanStub stub = DigitalOceanStub.start().account();
    private final FakeTask task = new FakeTask();

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void createsATaggedDropletWithTheKeyFoundOnTheSecondPageOfKeys() throws Exception {
        stub.droplet(0);

        Machine machine = cloud().create(request("[]", "dev", "testing"), KEY, task);

        assertThat(machine.id()).isEqualTo(DROPLET_ID);
        assertThat(machine.hasAddress()).as("create returns before the address exists").isFalse();
        stub.server().wireMock().verify(postRequestedFor(urlEqualTo("/v2/droplets")).withRequestBody(equalToJson("""
                {"name": "node-1", "region": "nyc1", "size": "s-1vcpu-1gb", "image": "ubuntu-22-04-x64",
                 "ssh_keys": [512190], "tags": ["talis-instance-42", "dev", "testing"]}""")));
        assertThat(stub.count(getRequestedFor(urlPathEqualTo("/v2/account/keys")))).isEqualTo(2);
    }

    @Test
    void waitsForTheAddressThatIsAssignedWhileTheDropletBoots() throws Exception {
        stub.droplet(3);
        DigitalOceanCloud cloud = cloud();
        Machine created = cloud.create(request("[]"), KEY, task);

        Machine ready = cloud.awaitReady(created, request("[]"), task);

        assertThat(ready.publicIp()).isEqualTo(PUBLIC_IP);
        assertThat(stub.count(getRequestedFor(urlEqualTo("/v2/droplets/" + DROPLET_ID)))).isEqualTo(4);
        assertThat(task.sleeps()).hasSize(3);
        assertThat(task.sleeps().get(1)).isGreaterThan(task.sleeps().get(0));
    }

    @Test
    void createsAttachesAndReportsTheRequestedVolumes() throws Exception {
        stub.droplet(0).volume(VOLUME_NAME);
        MachineRequest request = request("[{\"name\": \"Data\", \"size_gb\": 10, \"mount_point\": \"/mnt/data\"}]");
        DigitalOceanCloud cloud = cloud();

        Machine ready = cloud.awaitReady(cloud.create(request, KEY, task), request, task);

        assertThat(ready.volumeIds()).containsExactly(VOLUME_ID);
        assertThat(ready.volumeDetails()).isEqualTo(Json.createReader(new StringReader("""
                [{"id": "%s", "name": "talis-3164494-1-data", "region": "nyc1", "size_gb": 10, "mount_point": "/mnt/data"}]"""
                .formatted(VOLUME_ID))).readArray());
        stub.server().wireMock().verify(postRequestedFor(urlEqualTo("/v2/volumes")).withRequestBody(equalToJson(
                "{\"name\": \"talis-3164494-1-data\", \"region\": \"nyc1\", \"size_gigabytes\": 10}", true, true)));
        stub.server().wireMock().verify(postRequestedFor(urlEqualTo("/v2/volumes/" + VOLUME_ID + "/actions")).withRequestBody(
                equalToJson("{\"type\": \"attach\", \"droplet_id\": 3164494, \"region\": \"nyc1\"}")));
        assertThat(stub.count(getRequestedFor(urlEqualTo("/v2/actions/36804745")))).as("waited for the attach").isEqualTo(2);
    }

    @Test
    void aVolumeWithoutSizeFailsTheTaskBeforeAnyDropletIsMade() {
        stub.droplet(0);

        assertThatThrownBy(() -> cloud().create(request("[{\"name\": \"data\"}]"), KEY, task))
                .isInstanceOf(PermanentTaskFailure.class).hasMessageContaining("positive size_gb");
        assertThat(stub.count(postRequestedFor(urlEqualTo("/v2/droplets")))).isZero();
    }

    @Test
    void aResumedAttemptAttachesTheVolumeItCreatedBeforeInsteadOfMakingAnother() throws Exception {
        stub.droplet(0).volume(VOLUME_NAME);
        stub.server().setState(DigitalOceanStub.VOLUMES, "created");
        MachineRequest request = request("[{\"name\": \"data\", \"size_gb\": 10, \"mount_point\": \"/mnt/data\"}]");
        DigitalOceanCloud cloud = cloud();

        Machine ready = cloud.awaitReady(cloud.create(request, KEY, task), request, task);

        assertThat(ready.volumeIds()).containsExactly(VOLUME_ID);
        assertThat(stub.count(postRequestedFor(urlEqualTo("/v2/volumes")))).isZero();
        assertThat(stub.count(postRequestedFor(urlEqualTo("/v2/volumes/" + VOLUME_ID + "/actions")))).isEqualTo(1);
    }

    @Test
    void afterACrashTheDropletIsFoundByItsKeyAndNoSecondOneIsMade() throws Exception {
        stub.droplet(1);
        Machine first = cloud().create(request("[]"), KEY, task);
        // The node dies before the id is saved; after a restart a new provider client resumes the task.
        DigitalOceanCloud restarted = cloud();

        Machine again = restarted.create(request("[]"), KEY, task);
        Machine ready = restarted.awaitReady(again, request("[]"), task);

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(ready.publicIp()).isEqualTo(PUBLIC_IP);
        assertThat(stub.count(postRequestedFor(urlEqualTo("/v2/droplets")))).isEqualTo(1);
        assertThat(restarted.find(KEY, task)).map(Machine::id).contains(DROPLET_ID);
    }

    @Test
    void aCreateWhoseAnswerWasLostIsFoundByTheNextAttempt() throws Exception {
        stub.droplet(0);
        stub.server().stub(post(urlEqualTo("/v2/droplets")).inScenario(DROPLETS).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("active"));

        assertThatThrownBy(() -> cloud().create(request("[]"), KEY, task)).isInstanceOf(ProviderException.class);
        Machine found = cloud().create(request("[]"), KEY, task);

        assertThat(found.id()).isEqualTo(DROPLET_ID);
        assertThat(stub.count(postRequestedFor(urlEqualTo("/v2/droplets")))).isEqualTo(1);
    }

    @Test
    void rateLimitsAndServerErrorsWhileWaitingAreRiddenOut() throws Exception {
        stub.droplet(0);
        DigitalOceanCloud cloud = cloud();
        Machine created = cloud.create(request("[]"), KEY, task);
        stub.server().stub(get(urlEqualTo("/v2/droplets/" + DROPLET_ID)).inScenario("trouble")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withBody("{\"id\": \"too_many_requests\", \"message\": \"API Rate limit exceeded.\"}"))
                .willSetStateTo("overloaded"));
        stub.server().stub(get(urlEqualTo("/v2/droplets/" + DROPLET_ID)).inScenario("trouble")
                .whenScenarioStateIs("overloaded").willReturn(aResponse().withStatus(500)
                        .withBody("{\"id\": \"server_error\", \"message\": \"Server was unable to give you a response.\"}"))
                .willSetStateTo("fine"));
        stub.server().stub(get(urlEqualTo("/v2/droplets/" + DROPLET_ID)).inScenario("trouble")
                .whenScenarioStateIs("fine").willReturn(DigitalOceanStub.json(200, "{\"droplet\": " + DigitalOceanStub.droplet(true) + "}")));

        assertThat(cloud.awaitReady(created, request("[]"), task).publicIp()).isEqualTo(PUBLIC_IP);
        assertThat(task.sleeps()).contains(Duration.ofSeconds(1));
        assertThat(task.logText()).contains("HTTP 429", "HTTP 500");
    }

    @Test
    void aRejectedTokenFailsTheTaskWithACredentialsErrorThatHidesTheToken() {
        stub.droplet(0);
        String wrongToken = "dop_v1_revoked_ffffffff";
        DigitalOceanCloud cloud = new DigitalOceanCloud(new RestClient("digitalocean", URI.create(stub.baseUrl()),
                wrongToken, "DIGITALOCEAN_TOKEN", FAST, status -> { }), Optional.of(DigitalOceanStub.SSH_KEY_NAME), QUICK_POLLS);

        assertThatThrownBy(() -> cloud.create(request("[]"), KEY, task))
                .isInstanceOf(PermanentTaskFailure.class)
                .hasMessageContaining("credentials").hasMessageContaining("DIGITALOCEAN_TOKEN")
                .hasMessageNotContaining(wrongToken);
        assertThat(task.logText()).doesNotContain(wrongToken);
    }

    @Test
    void anUnknownSshKeyNameFailsTheTaskForGood() {
        stub.droplet(0);
        DigitalOceanCloud cloud = new DigitalOceanCloud(client(), Optional.of("nobody"), QUICK_POLLS);

        assertThatThrownBy(() -> cloud.create(request("[]"), KEY, task))
                .isInstanceOf(PermanentTaskFailure.class).hasMessageContaining("no SSH key named 'nobody'");
        DigitalOceanCloud unconfigured = new DigitalOceanCloud(client(), Optional.empty(), QUICK_POLLS);
        assertThatThrownBy(() -> unconfigured.create(request("[]"), KEY, task))
                .isInstanceOf(PermanentTaskFailure.class).hasMessage("TALIS_SSH_KEY_NAME is not set");
    }

    @Test
    void waitingForAnAddressEndsAtItsDeadline() throws Exception {
        DigitalOceanCloud cloud = cloudOfADropletThatNeverGetsAnAddress(
                new Polling(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(300)));
        Machine created = cloud.create(request("[]"), KEY, task);

        assertThatThrownBy(() -> cloud.awaitReady(created, request("[]"), task))
                .isInstanceOf(ProviderException.class).hasMessageContaining("gave up waiting for a public IPv4 address");
    }

    @Test
    void waitingForAnAddressStopsWhenTheTaskIsCancelled() throws Exception {
        DigitalOceanCloud cloud = cloudOfADropletThatNeverGetsAnAddress(
                new Polling(Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofMinutes(10)));
        Machine created = cloud.create(request("[]"), KEY, task);
        CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS).execute(() -> task.stop(StopReason.CANCELLED));

        long started = System.nanoTime();
        assertThatThrownBy(() -> cloud.awaitReady(created, request("[]"), task)).isInstanceOf(TaskStoppedException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void deletingDetachesAndDeletesTheVolumesBeforeTheDroplet() throws Exception {
        stub.droplet(0).volume(VOLUME_NAME);
        stub.server().setState(DROPLETS, "active");
        stub.server().setState(DigitalOceanStub.VOLUMES, "attached");

        assertThat(cloud().delete(DROPLET_ID, task)).isTrue();

        stub.server().wireMock().verify(postRequestedFor(urlEqualTo("/v2/volumes/" + VOLUME_ID + "/actions")).withRequestBody(
                equalToJson("{\"type\": \"detach\", \"droplet_id\": 3164494, \"region\": \"nyc1\"}")));
        List<String> deletions = stub.server().wireMock().getAllServeEvents().stream()
                .filter(event -> event.getRequest().getMethod().getName().equals("DELETE"))
                .sorted(Comparator.comparing(event -> event.getRequest().getLoggedDate()))
                .map(ServeEvent::getRequest).map(request -> request.getUrl()).toList();
        assertThat(deletions).containsExactly("/v2/volumes/" + VOLUME_ID, "/v2/droplets/" + DROPLET_ID);
    }

    @Test
    void deletingAVolumeThatWasCreatedButNeverAttached() throws Exception {
        stub.droplet(0).volume(VOLUME_NAME);
        stub.server().setState(DROPLETS, "active");
        stub.server().setState(DigitalOceanStub.VOLUMES, "detached");

        assertThat(cloud().delete(DROPLET_ID, task)).isTrue();

        assertThat(stub.count(postRequestedFor(urlEqualTo("/v2/volumes/" + VOLUME_ID + "/actions")))).isZero();
        assertThat(stub.count(deleteRequestedFor(urlEqualTo("/v2/volumes/" + VOLUME_ID)))).isEqualTo(1);
    }

    @Test
    void aDropletThatIsGoneCountsAsDeletedByItsStatus() throws Exception {
        stub.droplet(0);

        assertThat(cloud().delete(DROPLET_ID, task)).isFalse();

        stub.server().setState(DROPLETS, "active");
        stub.server().stub(delete(urlEqualTo("/v2/droplets/" + DROPLET_ID)).willReturn(DigitalOceanStub.json(404,
                "{\"id\": \"not_found\", \"message\": \"The resource you requested could not be found.\"}")));
        assertThat(cloud().delete(DROPLET_ID, task)).as("deleted by someone else meanwhile").isFalse();
    }

    private DigitalOceanCloud cloudOfADropletThatNeverGetsAnAddress(Polling polling) {
        stub.droplet(0);
        stub.server().stub(get(urlEqualTo("/v2/droplets/" + DROPLET_ID))
                .willReturn(DigitalOceanStub.json(200, "{\"droplet\": " + DigitalOceanStub.droplet(false) + "}")));
        return new DigitalOceanCloud(client(), Optional.of(DigitalOceanStub.SSH_KEY_NAME), polling);
    }

    private DigitalOceanCloud cloud() {
        return new DigitalOceanCloud(client(), Optional.of(DigitalOceanStub.SSH_KEY_NAME), QUICK_POLLS);
    }

    private RestClient client() {
        return new RestClient("digitalocean", URI.create(stub.baseUrl()), TOKEN, "DIGITALOCEAN_TOKEN", FAST, status -> { });
    }

    private static MachineRequest request(String volumesJson, String... tags) {
        JsonObject spec = Json.createReader(new StringReader("{\"volumes\": " + volumesJson + "}")).readObject();
        return new MachineRequest("node-1", "nyc1", "s-1vcpu-1gb", "ubuntu-22-04-x64", List.of(tags), spec);
    }
}
