package io.talis.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

/**
 * A WireMock server standing in for a cloud API in the test JVM: it rejects requests without the
 * expected bearer token as the cloud would, and plays the life of a resource as WireMock
 * scenarios (one state per step, requests moving it to the next).
 */
public final class StubServer implements AutoCloseable {

    private final WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    /** A started server that answers {@code unauthorized} to any request lacking "Bearer {@code token}". */
    public StubServer(String token, ResponseDefinitionBuilder unauthorized) {
        server.start();
        server.stubFor(any(anyUrl()).atPriority(1)
                .withHeader("Authorization", notContaining("Bearer " + token).or(absent()))
                .willReturn(unauthorized));
    }

    public WireMockServer wireMock() {
        return server;
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public void stub(MappingBuilder mapping) {
        server.stubFor(mapping);
    }

    /** Answers {@code request} with {@code response} while {@code scenario} is in {@code state}, then moves it to {@code next} (null: stays). */
    public void inState(String scenario, String state, MappingBuilder request, ResponseDefinitionBuilder response, String next) {
        ScenarioMappingBuilder mapping = request.inScenario(scenario).whenScenarioStateIs(state).willReturn(response);
        server.stubFor(next == null ? mapping : mapping.willSetStateTo(next));
    }

    public void setState(String scenario, String state) {
        server.setScenarioState(scenario, state);
    }

    public int count(RequestPatternBuilder requests) {
        return server.countRequestsMatching(requests.build()).getCount();
    }

    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    @Override
    public void close() {
        server.stop();
    }
}
