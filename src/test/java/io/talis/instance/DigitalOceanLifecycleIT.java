package io.talis.instance;

import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.talis.compute.digitalocean.DigitalOceanStub.DROPLET_ID;
import static io.talis.compute.digitalocean.DigitalOceanStub.PUBLIC_IP;
import static io.talis.compute.digitalocean.DigitalOceanStub.VOLUME_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.talis.compute.digitalocean.DigitalOceanStub;
import io.talis.testing.AnsibleInstallation;
import io.talis.testing.Fixtures;
import io.talis.testing.Sql;
import io.talis.testing.TalisDeployment;
import io.talis.testing.Tasks;
import io.talis.testing.TestDatabase;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A droplet's whole life through the deployed server: the DigitalOcean provider talks to a stub
 * of the API running in this JVM, and the real ansible-playbook provisions "the machine" over a
 * local connection with a harmless playbook that records what it was given.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DigitalOceanLifecycleIT {

    private static final Duration TASK_TIMEOUT = Duration.ofMinutes(2);

    private static TestDatabase database;
    private static DigitalOceanStub digitalOcean;
    private static Path playbooks;
    private static Sql sql;
    private static Fixtures fixtures;
    private static Tasks tasks;
    private static long instance;

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        AnsibleInstallation.require();
        database = TestDatabase.fresh("digitalocean_lifecycle");
        digitalOcean = DigitalOceanStub.start().account().droplet(2).volume(DigitalOceanStub.DATA_VOLUME_NAME);
        playbooks = Files.createTempDirectory("talis-it-playbooks");
        try (InputStream playbook = DigitalOceanLifecycleIT.class.getResourceAsStream("/ansible/records-run.yml")) {
            Files.copy(playbook, playbooks.resolve("records-run.yml"));
        }
        return TalisDeployment.war(database, Map.of(
                "DIGITALOCEAN_API_URL", digitalOcean.baseUrl(),
                "DIGITALOCEAN_TOKEN", DigitalOceanStub.TOKEN,
                "TALIS_SSH_KEY_NAME", DigitalOceanStub.SSH_KEY_NAME,
                "PROVIDER_POLL_INTERVAL_MS", "100",
                "ANSIBLE_CONNECTION", "local",
                "ANSIBLE_PLAYBOOK", playbooks.resolve("records-run.yml").toString(),
                "ANSIBLE_TIMEOUT_SECONDS", "120",
                "TASK_RETRY_BASE_MS", "100",
                "TASK_RETRY_MAX_MS", "1000",
                "TASK_POLL_INTERVAL_MS", "200"));
    }

    @BeforeAll
    static void arrange() {
        sql = database.sql();
        fixtures = new Fixtures(sql);
        tasks = new Tasks(sql);
    }

    @AfterAll
    static void cleanUp() throws IOException {
        digitalOcean.close();
        try (Stream<Path> files = Files.walk(playbooks)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Test
    @Order(1)
    void aDropletIsCreatedProvisionedAndReady() throws IOException {
        instance = fixtures.instance("web-1", "do");
        long task = fixtures.task(CreateInstancesHandler.ACTION, """
                {"instance_id": %d, "provision": true,
                 "volumes": [{"name": "data", "size_gb": 10, "mount_point": "/mnt/data"}]}""".formatted(instance), 1, instance);

        Map<String, Object> finished = awaitFinished(task);

        assertThat(finished.get("status")).as(describe(finished)).isEqualTo("completed");
        Map<String, Object> row = sql.row("""
                SELECT status, provider_instance_id, public_ip, array_to_string(volume_ids, ',') AS volume_ids,
                       volume_details::text AS volume_details FROM instances WHERE id = ?""", instance);
        assertThat(row.get("status")).isEqualTo("ready");
        assertThat(row.get("provider_instance_id")).isEqualTo(DROPLET_ID);
        assertThat(row.get("public_ip")).isEqualTo(PUBLIC_IP);
        assertThat(row.get("volume_ids")).isEqualTo(VOLUME_ID);
        assertThat(Json.createReader(new StringReader(row.get("volume_details").toString())).readArray().getJsonObject(0))
                .isEqualTo(Json.createObjectBuilder().add("id", VOLUME_ID).add("name", DigitalOceanStub.DATA_VOLUME_NAME)
                        .add("region", "nyc1").add("size_gb", 10).add("mount_point", "/mnt/data").build());

        JsonObject setup = read(playbooks.resolve("ran/web-1-setup.json"));
        assertThat(setup.getString("ansible_host")).isEqualTo(PUBLIC_IP);
        assertThat(setup.getString("provider")).isEqualTo("do");
        assertThat(Files.readString(playbooks.resolve("ran/web-1-volumes.json"))).contains(VOLUME_ID, "/mnt/data");
        assertThat(finished.get("logs").toString())
                .contains("droplet " + DROPLET_ID + " created", "attached to droplet", "PLAY RECAP", "is ready at " + PUBLIC_IP)
                .doesNotContain(DigitalOceanStub.TOKEN);
        assertThat(digitalOcean.count(postRequestedFor(urlEqualTo("/v2/droplets")))).isEqualTo(1);
    }

    @Test
    @Order(2)
    void terminatingDeletesTheVolumeAndTheDroplet() {
        long task = fixtures.task(TerminateInstancesHandler.ACTION, "{\"instance_id\": " + instance + "}", 2, instance);

        Map<String, Object> finished = awaitFinished(task);

        assertThat(finished.get("status")).as(describe(finished)).isEqualTo("completed");
        assertThat(sql.text("SELECT status FROM instances WHERE id = ?", instance)).isEqualTo("terminated");
        assertThat(digitalOcean.count(postRequestedFor(urlEqualTo("/v2/volumes/" + VOLUME_ID + "/actions"))
                .withRequestBody(equalToJson("{\"type\": \"detach\", \"droplet_id\": " + DROPLET_ID + ", \"region\": \"nyc1\"}"))))
                .isEqualTo(1);
        assertThat(digitalOcean.count(deleteRequestedFor(urlEqualTo("/v2/volumes/" + VOLUME_ID)))).isEqualTo(1);
        assertThat(digitalOcean.count(deleteRequestedFor(urlEqualTo("/v2/droplets/" + DROPLET_ID)))).isEqualTo(1);
    }

    @Test
    @Order(3)
    void aCreateResumedAfterACrashAdoptsTheDropletMadeForItsKey() {
        // The droplet exists (tagged with the instance's key), but the crash came before its id was saved.
        digitalOcean.server().setState(DigitalOceanStub.DROPLETS, "active");
        long resumed = fixtures.instance("web-2", "do");
        long task = fixtures.task(CreateInstancesHandler.ACTION, "{\"instance_id\": " + resumed + "}", 1, resumed);

        Map<String, Object> finished = awaitFinished(task);

        assertThat(finished.get("status")).as(describe(finished)).isEqualTo("completed");
        assertThat(finished.get("logs").toString()).contains("already exists for talis-instance-" + resumed);
        assertThat(sql.row("SELECT status, provider_instance_id FROM instances WHERE id = ?", resumed))
                .containsEntry("status", "ready").containsEntry("provider_instance_id", DROPLET_ID);
        assertThat(digitalOcean.count(postRequestedFor(urlEqualTo("/v2/droplets")))).as("still the one droplet").isEqualTo(1);
    }

    @Test
    @Order(4)
    void aProviderWithoutItsConfigurationFailsTheTaskAtOnceNamingTheKey() {
        long unconfigured = fixtures.instance("x-1", "ximera");
        long task = fixtures.task(CreateInstancesHandler.ACTION, "{\"instance_id\": " + unconfigured + "}", 1, unconfigured);

        Map<String, Object> finished = awaitFinished(task);

        assertThat(finished.get("status")).as(describe(finished)).isEqualTo("failed");
        assertThat(finished.get("attempts")).isEqualTo(1);
        assertThat(finished.get("error")).isEqualTo("XIMERA_API_URL is not set");
    }

    private static Map<String, Object> awaitFinished(long task) {
        tasks.awaitFinished(task, 1, TASK_TIMEOUT);
        return tasks.task(task);
    }

    private static String describe(Map<String, Object> task) {
        return "task " + task.get("id") + " after " + task.get("attempts") + " attempts, error: " + task.get("error")
                + "\nlogs:\n" + task.get("logs");
    }

    private static JsonObject read(Path file) throws IOException {
        return Json.createReader(new StringReader(Files.readString(file))).readObject();
    }
}
