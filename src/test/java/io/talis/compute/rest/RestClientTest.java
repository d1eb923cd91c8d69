package io.talis.compute.rest;

import io.talis.compute.ProviderStatistics;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.talis.compute.ProviderException;
import io.talis.engine.PermanentTaskFailure;
import io.talis.engine.StopReason;
import io.talis.engine.TaskStoppedException;
import io.talis.testing.FakeTask;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP behaviour every provider shares, against a local stub server. */
class RestClientTest {

    private static final String TOKEN = "secret-token-7c1e";
    private static final RestTiming FAST = new RestTiming(Duration.ofMillis(500), 3, Duration.ofMillis(10),
            Duration.ofMillis(40), Duration.ofSeconds(3));

    private WireMockServer server;
    private RestClient client;
    private final ProviderStatistics.Counts counts = new ProviderStatistics.Counts();
    private final FakeTask task = new FakeTask();

    @BeforeEach
    void start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        client = new RestClient("cloud", URI.create(server.baseUrl() + "/"), TOKEN, "CLOUD_TOKEN", FAST, counts::answered);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void sendsTheTokenAsBearerAndReadsTheJsonAnswer() throws Exception {
        server.stubFor(get("/v2/thing").willReturn(okJson("{\"thing\": {\"id\": 7}}")));

        RestResponse answer = client.get("/v2/thing", task);

        assertThat(answer.require().getJsonObject("thing").getInt("id")).isEqualTo(7);
        server.verify(getRequestedFor(urlEqualTo("/v2/thing")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void a429IsRetriedAfterTheDelayRetryAfterAsksFor() throws Exception {
        server.stubFor(get("/v2/thing").inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withBody("{\"id\": \"too_many_requests\", \"message\": \"API Rate limit exceeded.\"}"))
                .willSetStateTo("open"));
        server.stubFor(get("/v2/thing").inScenario("limit").whenScenarioStateIs("open").willReturn(okJson("{}")));

        long started = System.nanoTime();
        assertThat(client.get("/v2/thing", task).ok()).isTrue();

        assertThat(task.sleeps()).containsExactly(Duration.ofSeconds(1));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(task.logText()).contains("HTTP 429", "API Rate limit exceeded");
        assertThat(counts.rateLimited()).as("the answers are counted for the provider's MBean").isEqualTo(1);
        assertThat(counts.calls()).isEqualTo(2);
        assertThat(counts.errors()).isZero();
    }

    @Test
    void retryAfterMayBeAnHttpDate() {
        Instant now = Instant.parse("2025-01-01T10:00:00Z");
        assertThat(RestClient.retryAfter("Wed, 01 Jan 2025 10:00:30 GMT", now)).contains(Duration.ofSeconds(30));
        assertThat(RestClient.retryAfter("12", now)).contains(Duration.ofSeconds(12));
        assertThat(RestClient.retryAfter("soon", now)).isEmpty();
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilTheyPass() throws Exception {
        server.stubFor(get("/v2/thing").inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("once"));
        server.stubFor(get("/v2/thing").inScenario("flaky").whenScenarioStateIs("once")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("healthy"));
        server.stubFor(get("/v2/thing").inScenario("flaky").whenScenarioStateIs("healthy").willReturn(okJson("{}")));

        assertThat(client.get("/v2/thing", task).ok()).isTrue();

        assertThat(task.sleeps()).hasSize(2).allSatisfy(pause -> assertThat(pause).isLessThanOrEqualTo(Duration.ofMillis(40)));
        server.verify(3, getRequestedFor(urlEqualTo("/v2/thing")));
    }

    @Test
    void persistentServerErrorsFailTheAttemptRetryablyAfterTheLastTry() {
        server.stubFor(get("/v2/thing").willReturn(aResponse().withStatus(502)));

        assertThatThrownBy(() -> client.get("/v2/thing", task))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("HTTP 502").hasMessageContaining("3 tries");
        server.verify(3, getRequestedFor(urlEqualTo("/v2/thing")));
    }

    @Test
    void timeoutsAreRetried() throws Exception {
        server.stubFor(get("/v2/thing").inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{}").withFixedDelay(2000)).willSetStateTo("fast"));
        server.stubFor(get("/v2/thing").inScenario("slow").whenScenarioStateIs("fast").willReturn(okJson("{}")));

        assertThat(client.get("/v2/thing", task).ok()).isTrue();
        assertThat(task.logText()).contains("HttpTimeoutException");
    }

    @Test
    void aPostIsNotRepeatedWhenItMayHaveBeenCarriedOut() {
        server.stubFor(post("/v2/things").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> client.post("/v2/things", Json.createObjectBuilder().build(), task))
                .isInstanceOf(ProviderException.class).hasMessageContaining("not repeated");
        server.verify(1, postRequestedFor(urlEqualTo("/v2/things")));
    }

    @Test
    void aPostRejectedWith429IsRepeated() throws Exception {
        server.stubFor(post("/v2/things").inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429)).willSetStateTo("open"));
        server.stubFor(post("/v2/things").inScenario("limit").whenScenarioStateIs("open")
                .willReturn(aResponse().withStatus(202).withBody("{}")));

        assertThat(client.post("/v2/things", Json.createObjectBuilder().build(), task).status()).isEqualTo(202);
    }

    @Test
    void rejectedCredentialsFailTheTaskForGoodNamingTheKeyButNotTheToken() {
        server.stubFor(get("/v2/thing").willReturn(aResponse().withStatus(401)
                .withBody("{\"id\": \"Unauthorized\", \"message\": \"Unable to authenticate you (" + TOKEN + ")\"}")));
        server.stubFor(get("/v2/other").willReturn(aResponse().withStatus(403)));

        assertThatThrownBy(() -> client.get("/v2/thing", task))
                .isInstanceOf(PermanentTaskFailure.class)
                .hasMessageContaining("credentials").hasMessageContaining("CLOUD_TOKEN").hasMessageNotContaining(TOKEN);
        assertThatThrownBy(() -> client.get("/v2/other", task)).isInstanceOf(PermanentTaskFailure.class)
                .hasMessageContaining("HTTP 403");
        server.verify(1, getRequestedFor(urlEqualTo("/v2/thing")));
    }

    @Test
    void theTokenNeverReachesErrorsOrTaskLogs() {
        server.stubFor(get("/v2/thing").willReturn(aResponse().withStatus(500)
                .withBody("{\"id\": \"server_error\", \"message\": \"bad header Bearer " + TOKEN + "\"}")));

        assertThatThrownBy(() -> client.get("/v2/thing", task))
                .isInstanceOf(ProviderException.class).hasMessageNotContaining(TOKEN).hasMessageContaining("[token]");
        assertThat(task.logText()).isNotEmpty().doesNotContain(TOKEN);
    }

    @Test
    void otherClientErrorsComeBackForTheCallerToJudgeByStatus() throws Exception {
        server.stubFor(get("/v2/thing").willReturn(aResponse().withStatus(404)
                .withBody("{\"id\": \"not_found\", \"message\": \"The resource you requested could not be found.\"}")));

        RestResponse answer = client.get("/v2/thing", task);

        assertThat(answer.notFound()).isTrue();
        assertThatThrownBy(answer::require).isInstanceOf(ProviderException.class)
                .hasMessageContaining("HTTP 404: The resource you requested could not be found.");
        server.verify(1, getRequestedFor(urlEqualTo("/v2/thing")));
    }

    @Test
    void getAllFollowsNextLinksButSendsTheTokenOnlyToTheConfiguredHost() throws Exception {
        server.stubFor(get(urlPathEqualTo("/v2/items")).withQueryParam("page", equalTo("2"))
                .willReturn(okJson("{\"items\": [{\"n\": 2}], \"links\": {}}")));
        server.stubFor(get(urlEqualTo("/v2/items")).willReturn(okJson(
                "{\"items\": [{\"n\": 1}], \"links\": {\"next\": \"https://elsewhere.example/v2/items?page=2\"}}")));

        List<JsonObject> items = client.getAll("/v2/items", "items",
                page -> Optional.ofNullable(page.getJsonObject("links").getString("next", null)), task);

        assertThat(items).extracting(item -> item.getInt("n")).containsExactly(1, 2);
    }

    @Test
    void aStoppedTaskStopsWaitingForASlowAnswer() {
        client = new RestClient("cloud", URI.create(server.baseUrl()), TOKEN, "CLOUD_TOKEN",
                new RestTiming(Duration.ofSeconds(30), 3, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(3)),
                counts::answered);
        server.stubFor(get(anyUrl()).willReturn(okJson("{}").withFixedDelay(20_000)));
        CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS).execute(() -> task.stop(StopReason.CANCELLED));

        long started = System.nanoTime();
        assertThatThrownBy(() -> client.get("/v2/thing", task)).isInstanceOf(TaskStoppedException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
}
