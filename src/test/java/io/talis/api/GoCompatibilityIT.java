package io.talis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.talis.testing.TalisClient;
import io.talis.testing.TalisClient.Reply;
import io.talis.testing.TalisDeployment;
import io.talis.testing.TestDatabase;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URL;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Replays the Go service's example requests (its create.json_example with the provider switched
 * to the simulated cloud, its delete.json_example, its scripts' RPC calls and a body exactly as
 * the Go client serialises it) and checks every field the Go client decodes strictly: numeric
 * ids, status names from its enums, RFC 3339 times, numeric roles, the envelopes it reads.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GoCompatibilityIT {

    private static final String ADMIN_KEY = "go-compat-admin-key";
    private static final Set<String> INSTANCE_STATUSES = Set.of("unknown", "pending", "created", "provisioning", "ready", "terminated");
    private static final Set<String> TASK_STATUSES = Set.of("unknown", "pending", "running", "completed", "failed", "terminated");

    /** create.json_example of celestiaorg/talis, provider "do" switched to "simulated". */
    private static final String CREATE_EXAMPLE = """
            [
                {
                    "owner_id": 1,
                    "project_name": "my-project",
                    "name": "my-instance",
                    "provider": "simulated",
                    "number_of_instances": 1,
                    "provision": true,
                    "region": "nyc1",
                    "size": "s-1vcpu-1gb",
                    "image": "ubuntu-22-04-x64",
                    "tags": ["talis", "dev", "testing"],
                    "ssh_key_name": "<your-ssh-key-name>",
                    "volumes": [
                        {
                            "name": "talis-volume",
                            "size_gb": 15,
                            "mount_point": "/mnt/data"
                        }
                    ]
                }
            ]""";

    /** An InstanceRequest as the Go client marshals it: every field without omitempty, zero values included. */
    private static final String GO_CLIENT_BODY = """
            [{"owner_id":4294967295,"provider":"digitalocean-mock","region":"nyc1","size":"s-1vcpu-1gb","memory":0,"cpu":0,
              "image":"ubuntu-20-04-x64","tags":null,"instance_id":0,"public_ip":"","project_name":"test-project",
              "number_of_instances":1,"provision":false,
              "volumes":[{"name":"test-volume","size_gb":10,"region":"","filesystem":"","mount_point":"/mnt/data"}],
              "action":"","provider_instance_id":0,"last_task_id":0}]""";

    private static String userKey;
    private static long instanceId;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TalisDeployment.war(TestDatabase.fresh("go_compat"), Map.of(
                "TALIS_ADMIN_API_KEY", ADMIN_KEY, "SIMULATED_PROVIDER_LATENCY_MS", "20"));
    }

    @Test
    @Order(1)
    void healthIsAMapOfStrings() {
        JsonObject health = admin().as(null).get("health").object();
        assertThat(health).containsOnlyKeys("status");
        assertThat(health.getString("status")).isEqualTo("healthy");
    }

    @Test
    @Order(2)
    void theScriptsProjectCreateWorksForOwnerOne() {
        JsonObject user = admin().rpcData("user.create",
                "{\"username\":\"user1\",\"email\":\"user1@example.com\",\"role\":1}").asJsonObject();
        assertThat(user.getJsonNumber("id").longValue()).as("a fresh database, so the examples' owner_id 1 is this user").isEqualTo(1);
        userKey = user.getString("api_key");

        Reply reply = admin().post("api/v1", "{\"method\": \"project.create\", \"params\": {\"name\": \"my-project\","
                + " \"description\": \"my-project\", \"config\": \"{}\", \"owner_id\": 1}}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.object().getBoolean("success")).isTrue();
        assertThat(reply.object().containsKey("error")).isFalse();
        JsonObject project = reply.data().asJsonObject();
        assertThat(project.getJsonNumber("ID").longValue()).isPositive();
        assertGoTime(project, "CreatedAt");
        assertGoTime(project, "created_at");
        assertThat(project.getString("config")).isEqualTo("{}");
        admin().rpcData("project.create", "{\"name\":\"test-project\",\"description\":\"A test project\","
                + "\"config\":\"{\\\"resources\\\": {\\\"cpu\\\": 2, \\\"memory\\\": \\\"4GB\\\"}, \\\"settings\\\": {\\\"env\\\": \\\"test\\\"}}\","
                + "\"owner_id\":4294967295}");
    }

    @Test
    @Order(3)
    void theCreateExampleAnswersTheSlugEnvelopeTheClientParses() {
        Reply reply = admin().post("api/v1/instances", CREATE_EXAMPLE);

        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
        assertThat(reply.object().getString("slug")).isEqualTo("success");
        assertThat(reply.object().getString("error")).isEmpty();
        JsonArray data = reply.data().asJsonArray();
        assertThat(data).hasSize(1);
        JsonObject instance = data.getJsonObject(0);
        assertGoInstance(instance);
        assertThat(instance.getString("name")).isEqualTo("my-instance");
        assertThat(instance.getJsonNumber("owner_id").longValue()).isEqualTo(1);
        instanceId = instance.getJsonNumber("ID").longValue();
    }

    @Test
    @Order(4)
    void aBodyAsTheGoClientMarshalsItIsAccepted() {
        Reply reply = admin().post("api/v1/instances", GO_CLIENT_BODY);

        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
        assertGoInstance(reply.data().asJsonArray().getJsonObject(0));
    }

    @Test
    @Order(5)
    void listingsAndTasksHaveTheShapesTheClientDecodes() {
        await().atMost(Duration.ofSeconds(30)).until(() -> "ready".equals(
                admin().get("api/v1/instances/" + instanceId).object().getString("status")));

        JsonObject list = admin().get("api/v1/instances").object();
        assertThat(list.getJsonArray("rows")).isNotEmpty().allSatisfy(row -> assertGoInstance(row.asJsonObject()));
        assertThat(list.getJsonObject("pagination")).containsKeys("total", "page", "limit", "offset");
        assertThat(admin().get("api/v1/admin/instances").object().getJsonArray("rows")).isNotEmpty();
        assertThat(admin().get("api/v1/instances/all-metadata").object().getJsonArray("rows")).isNotEmpty();
        JsonObject ips = admin().get("api/v1/instances/public-ips").object();
        assertThat(ips.getJsonArray("public_ips")).allSatisfy(ip -> assertThat(ip.asJsonObject().get("public_ip").getValueType())
                .isEqualTo(JsonValue.ValueType.STRING));
        assertGoInstance(admin().get("api/v1/instances/" + instanceId).object());

        Reply tasks = admin().get("api/v1/instances/" + instanceId + "/tasks?owner_id=1&action=create_instances&limit=10");
        assertThat(tasks.object().getString("slug")).isEqualTo("success");
        JsonObject task = tasks.data().asJsonObject().getJsonArray("rows").getJsonObject(0);
        assertThat(TASK_STATUSES).contains(task.getString("status"));
        assertThat(task.getJsonNumber("ID").longValue()).isPositive();
        assertThat(task.getJsonNumber("instance_id").longValue()).isEqualTo(instanceId);
        assertThat(task.getJsonNumber("priority").intValue()).isEqualTo(1);
        assertThat(task.getJsonObject("payload").getString("project_name")).isEqualTo("my-project");
        assertThat(task.getJsonObject("payload").getJsonNumber("instance_id").longValue()).isEqualTo(instanceId);
        assertGoTime(task, "created_at");
        assertGoTime(task, "locked_at");

        JsonObject viaRpc = admin().rpcData("task.get", "{\"task_id\": " + task.getJsonNumber("ID").longValue()
                + ", \"owner_id\": 1}").asJsonObject();
        assertThat(viaRpc.getString("status")).isEqualTo("completed");
        JsonObject taskList = admin().rpcData("task.list", "{\"projectName\": \"my-project\", \"owner_id\": 1}").asJsonObject();
        assertThat(taskList.getJsonArray("rows")).isNotEmpty();
        JsonObject users = admin().rpcData("user.get", "{}").asJsonObject();
        assertThat(users.getJsonArray("users")).allSatisfy(user -> {
            assertThat(user.asJsonObject().get("role").getValueType()).isEqualTo(JsonValue.ValueType.NUMBER);
            assertThat(user.asJsonObject().get("created_at").getValueType()).isEqualTo(JsonValue.ValueType.STRING);
        });
    }

    @Test
    @Order(6)
    void theDeleteExampleTerminatesAndRepeatingItIsHarmless() {
        String deleteExample = """
                {
                  "owner_id": 1,
                  "project_name": "my-project",
                  "instance_ids": [%d]
                }""".formatted(instanceId);

        Reply first = admin().delete("api/v1/instances", deleteExample);
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        assertThat(first.object().getString("slug")).isEqualTo("success");
        // The project script sends no owner_id: the owner is then the caller.
        Reply second = admin().as(userKey).delete("api/v1/instances",
                "{\"project_name\": \"my-project\", \"instance_ids\": [" + instanceId + "]}");
        assertThat(second.status()).as(second.text()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> "terminated".equals(
                admin().get("api/v1/instances/" + instanceId).object().getString("status")));
        List<Long> live = admin().get("api/v1/instances").object().getJsonArray("rows").stream()
                .map(row -> row.asJsonObject().getJsonNumber("ID").longValue()).toList();
        assertThat(live).doesNotContain(instanceId);
        List<Long> all = admin().get("api/v1/instances?include_deleted=true").object().getJsonArray("rows").stream()
                .map(row -> row.asJsonObject().getJsonNumber("ID").longValue()).toList();
        assertThat(all).contains(instanceId);
    }

    @Test
    @Order(7)
    void rpcErrorsComeAsNon2xxWithTheBodyTheClientUnmarshals() {
        Reply duplicate = admin().rpc("project.create", "{\"name\": \"my-project\", \"owner_id\": 1}");

        assertThat(duplicate.status()).isEqualTo(409);
        JsonObject body = duplicate.object();
        assertThat(body.getBoolean("success")).isFalse();
        assertThat(body.getJsonObject("error").getInt("code")).isEqualTo(409);
        assertThat(body.getJsonObject("error").getString("message")).isEqualTo("project 'my-project' already exists");
    }

    private TalisClient admin() {
        return new TalisClient(base, ADMIN_KEY);
    }

    private static void assertGoInstance(JsonObject instance) {
        assertThat(instance.get("ID").getValueType()).isEqualTo(JsonValue.ValueType.NUMBER);
        assertThat(INSTANCE_STATUSES).contains(instance.getString("status"));
        assertThat(instance.getString("payload_status")).isEqualTo("none");
        assertThat(instance.get("provider_instance_id").getValueType()).isEqualTo(JsonValue.ValueType.NUMBER);
        assertThat(instance.get("public_ip").getValueType()).isEqualTo(JsonValue.ValueType.STRING);
        assertThat(instance.get("volume_ids").getValueType()).isEqualTo(JsonValue.ValueType.ARRAY);
        assertThat(instance.get("volume_details").getValueType()).isEqualTo(JsonValue.ValueType.ARRAY);
        assertThat(instance.get("DeletedAt")).isEqualTo(JsonValue.NULL);
        assertGoTime(instance, "CreatedAt");
        assertGoTime(instance, "UpdatedAt");
        assertGoTime(instance, "created_at");
    }

    /** Go decodes time.Time from RFC 3339 only. */
    private static void assertGoTime(JsonObject object, String field) {
        String text = object.getString(field);
        assertThat(text).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");
        assertThat(OffsetDateTime.parse(text)).isNotNull();
    }
}
