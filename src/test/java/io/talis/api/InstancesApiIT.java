package io.talis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.talis.testing.Sql;
import io.talis.testing.TalisClient;
import io.talis.testing.TalisClient.Reply;
import io.talis.testing.TalisDeployment;
import io.talis.testing.TestDatabase;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The REST endpoints of instances through the deployed WAR: happy paths, error paths, a full run. */
@ExtendWith(ArquillianExtension.class)
class InstancesApiIT {

    private static final String ADMIN_KEY = "instances-test-admin-key";
    private static TestDatabase database;

    @ArquillianResource
    URL base;

    private TalisClient api;
    private Sql sql;
    private String project;

    @Deployment(testable = false)
    static WebArchive deployment() {
        database = TestDatabase.fresh("instances_api");
        return TalisDeployment.war(database, Map.of(
                "TALIS_ADMIN_API_KEY", ADMIN_KEY,
                "TALIS_MAX_INSTANCES_PER_REQUEST", "25",
                "TALIS_MAX_REQUEST_BYTES", "65536",
                "SIMULATED_PROVIDER_LATENCY_MS", "20",
                "WORKER_COUNT", "10",
                "WEBHOOK_ALLOWED_HOSTS", "hooks.example.com",
                "WEBHOOK_SIGNING_SECRET", "instances-test-secret"));
    }

    @BeforeEach
    void aProject() {
        api = new TalisClient(base, ADMIN_KEY);
        sql = database.sql();
        project = "project-" + System.nanoTime();
        api.rpcData("project.create", "{\"name\": \"" + project + "\"}");
    }

    @Test
    void createAnswers201WithPendingInstancesAndWritesOneCreateTaskEach() {
        Reply reply = api.post("api/v1/instances", request(3, "web", "\"webhook_url\": \"https://hooks.example.com/talis\""));

        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
        assertThat(reply.object().getString("slug")).isEqualTo("success");
        assertThat(reply.object().getString("error")).isEmpty();
        JsonArray created = reply.data().asJsonArray();
        assertThat(created).hasSize(3);
        assertThat(created.stream().map(i -> i.asJsonObject().getString("name")).toList()).containsExactly("web-1", "web-2", "web-3");
        assertThat(created).allSatisfy(value -> {
            JsonObject instance = value.asJsonObject();
            assertThat(instance.getString("status")).isEqualTo("pending");
            assertThat(instance.getString("provider_id")).isEqualTo("simulated");
            assertThat(instance.getString("image")).isEqualTo("ubuntu-22-04-x64");
            assertThat(instance.getJsonArray("tags").getString(0)).isEqualTo("talis");
        });
        long first = created.getJsonObject(0).getJsonNumber("ID").longValue();
        assertThat(sql.rows("SELECT action, priority, webhook_url, payload->>'instance_id' AS target FROM tasks"
                        + " WHERE instance_id BETWEEN ? AND ?", first, first + 2))
                .hasSize(3)
                .allSatisfy(task -> assertThat(task)
                        .containsEntry("action", "create_instances")
                        .containsEntry("priority", 1)
                        .containsEntry("webhook_url", "https://hooks.example.com/talis"));
    }

    @Test
    void anInstanceWithoutANameIsNamedAfterItsId() {
        JsonObject instance = api.post("api/v1/instances", request(1, null, null)).data().asJsonArray().getJsonObject(0);

        assertThat(instance.getString("name")).isEqualTo("talis-" + instance.getJsonNumber("ID").longValue());
    }

    @Test
    void aRequestIsOneTransactionSoAFailingPartWritesNothing() {
        long instancesBefore = sql.number("SELECT count(*) FROM instances");
        long tasksBefore = sql.number("SELECT count(*) FROM tasks");
        String body = "[" + element(2, "ok", null) + ", " + element(1, "lost", null).replace(project, "no-such-project") + "]";

        Reply reply = api.post("api/v1/instances", body);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.error()).isEqualTo("project 'no-such-project' not found");
        assertThat(sql.number("SELECT count(*) FROM instances")).isEqualTo(instancesBefore);
        assertThat(sql.number("SELECT count(*) FROM tasks")).isEqualTo(tasksBefore);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON              | [{"project_name": |400|invalid JSON body
            an object, not an array     | {"project_name": "x"}|400|invalid JSON body
            a string where a number goes| [{"number_of_instances": "two"}]|400|number_of_instances
            an empty array              | []|400|at least one instance request is required
            missing fields              | [{}]|400|project_name is required
            zero instances              | [{"project_name":"P","provider":"simulated","region":"r","size":"s","image":"i","number_of_instances":0,"volumes":[{"name":"v","size_gb":1,"mount_point":"/m"}]}]|400|number_of_instances must be greater than 0
            an unknown provider         | [{"project_name":"P","provider":"aws","region":"r","size":"s","image":"i","number_of_instances":1,"volumes":[{"name":"v","size_gb":1,"mount_point":"/m"}]}]|400|unsupported provider: aws
            no size nor memory and cpu  | [{"project_name":"P","provider":"simulated","region":"r","image":"i","number_of_instances":1,"volumes":[{"name":"v","size_gb":1,"mount_point":"/m"}]}]|400|either size, or both memory and cpu, must be provided
            no volume                   | [{"project_name":"P","provider":"simulated","region":"r","size":"s","image":"i","number_of_instances":1,"volumes":[]}]|400|at least one volume configuration is required
            a relative mount point      | [{"project_name":"P","provider":"simulated","region":"r","size":"s","image":"i","number_of_instances":1,"volumes":[{"name":"v","size_gb":1,"mount_point":"mnt"}]}]|400|mount_point must be an absolute path
            a volume in another region  | [{"project_name":"P","provider":"simulated","region":"r","size":"s","image":"i","number_of_instances":1,"volumes":[{"name":"v","size_gb":1,"region":"elsewhere","mount_point":"/m"}]}]|400|volume region elsewhere does not match instance region r
            a name that is no host name | [{"project_name":"P","provider":"simulated","region":"r","size":"s","image":"i","name":"a b","number_of_instances":1,"volumes":[{"name":"v","size_gb":1,"mount_point":"/m"}]}]|400|name must be a host name
            a payload path              | [{"project_name":"P","provider":"simulated","region":"r","size":"s","image":"i","number_of_instances":1,"payload_path":"/etc/passwd","volumes":[{"name":"v","size_gb":1,"mount_point":"/m"}]}]|400|payload_path and execute_payload are not supported
            too many instances          | [{"project_name":"P","provider":"simulated","region":"r","size":"s","image":"i","number_of_instances":26,"volumes":[{"name":"v","size_gb":1,"mount_point":"/m"}]}]|400|at most 25 instances
            a webhook host not allowed  | [{"project_name":"P","provider":"simulated","region":"r","size":"s","image":"i","number_of_instances":1,"webhook_url":"http://169.254.169.254/latest","volumes":[{"name":"v","size_gb":1,"mount_point":"/m"}]}]|400|webhook_url host '169.254.169.254' is not allowed
            an unknown project          | [{"project_name":"nope","provider":"simulated","region":"r","size":"s","image":"i","number_of_instances":1,"volumes":[{"name":"v","size_gb":1,"mount_point":"/m"}]}]|404|project 'nope' not found
            """)
    void badCreateRequestsGetAClearErrorAndWriteNothing(String what, String body, int status, String message) {
        long instancesBefore = sql.number("SELECT count(*) FROM instances");

        Reply reply = api.post("api/v1/instances", body.replace("\"P\"", "\"" + project + "\""));

        assertThat(reply.status()).as(what + ": " + reply.text()).isEqualTo(status);
        assertThat(reply.object().getString("slug")).isEqualTo(status == 404 ? "not-found" : "invalid-input");
        assertThat(reply.error()).contains(message);
        assertThat(reply.object().get("data")).isEqualTo(JsonValue.NULL);
        assertThat(sql.number("SELECT count(*) FROM instances")).isEqualTo(instancesBefore);
    }

    @Test
    void anOversizedBodyIsRefusedWith413() {
        String padding = "x".repeat(70_000);
        Reply reply = api.post("api/v1/instances", "[{\"name\": \"" + padding + "\"}]");

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.error()).contains("larger than 65536 bytes");
    }

    @Test
    void listingsPageWithATrueTotalInIdOrder() {
        List<Long> ids = ids(api.post("api/v1/instances", request(7, "page", null)).data().asJsonArray());

        Reply page = api.get("api/v1/instances?limit=3&offset=3&owner_id=4294967295");
        assertThat(page.status()).isEqualTo(200);
        JsonObject pagination = page.object().getJsonObject("pagination");
        assertThat(pagination.getInt("limit")).isEqualTo(3);
        assertThat(pagination.getInt("offset")).isEqualTo(3);
        assertThat(pagination.getInt("page")).isEqualTo(2);
        assertThat(pagination.getJsonNumber("total").longValue())
                .isEqualTo(sql.number("SELECT count(*) FROM instances WHERE status <> 'terminated'"));
        List<Long> all = ids(api.get("api/v1/instances?limit=1000").object().getJsonArray("rows"));
        assertThat(all).isSorted().containsAll(ids);
        assertThat(ids(page.object().getJsonArray("rows"))).containsExactlyElementsOf(all.subList(3, 6));

        assertThat(api.get("api/v1/instances?limit=5000").status()).isEqualTo(400);
        assertThat(api.get("api/v1/instances?limit=abc").error()).contains("limit must be an integer");
        assertThat(api.get("api/v1/instances?offset=-1").status()).isEqualTo(400);
        assertThat(api.get("api/v1/instances?status=sleeping").error()).contains("invalid instance status: sleeping");
        assertThat(api.get("api/v1/instances?include_deleted=maybe").status()).isEqualTo(400);
    }

    @Test
    void metadataPublicIpsAndOneInstance() {
        long id = ids(api.post("api/v1/instances", request(1, "meta", null)).data().asJsonArray()).get(0);
        awaitStatus(id, "ready");

        JsonObject instance = api.get("api/v1/instances/" + id).object();
        assertThat(instance.getString("status")).isEqualTo("ready");
        assertThat(instance.getString("public_ip")).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        assertThat(instance.getJsonArray("volume_details").getJsonObject(0).getString("mount_point")).isEqualTo("/mnt/data");
        assertThat(ids(api.get("api/v1/instances/all-metadata?limit=1000").object().getJsonArray("rows"))).contains(id);
        assertThat(api.get("api/v1/instances/public-ips?limit=1000").object().getJsonArray("public_ips"))
                .anySatisfy(ip -> assertThat(ip.asJsonObject().getString("public_ip")).isEqualTo(instance.getString("public_ip")));
        assertThat(api.get("api/v1/admin/instances/all-metadata?limit=1000").status()).isEqualTo(200);

        assertThat(api.get("api/v1/instances/999999").status()).isEqualTo(404);
        assertThat(api.get("api/v1/instances/abc").status()).isEqualTo(400);
        assertThat(api.get("api/v1/instances/0").status()).isEqualTo(400);
    }

    @Test
    void anInstancesTasksAreListedNewestFirstAndFilteredByAction() {
        long id = ids(api.post("api/v1/instances", request(1, "tasks", null)).data().asJsonArray()).get(0);
        awaitStatus(id, "ready");
        terminate(id);
        awaitStatus(id, "terminated");

        Reply tasks = api.get("api/v1/instances/" + id + "/tasks");
        assertThat(tasks.object().getString("slug")).isEqualTo("success");
        JsonArray rows = tasks.data().asJsonObject().getJsonArray("rows");
        assertThat(rows.stream().map(row -> row.asJsonObject().getString("action")).toList())
                .containsExactly("terminate_instances", "create_instances");
        assertThat(rows).allSatisfy(row -> assertThat(row.asJsonObject().getString("status")).isEqualTo("completed"));
        assertThat(api.get("api/v1/instances/" + id + "/tasks?action=create_instances").data().asJsonObject()
                .getJsonArray("rows")).hasSize(1);
        assertThat(api.get("api/v1/instances/" + id + "/tasks?limit=1&offset=1").data().asJsonObject()
                .getJsonArray("rows").getJsonObject(0).getString("action")).isEqualTo("create_instances");
        assertThat(api.get("api/v1/instances/" + id + "/tasks?action=reboot").status()).isEqualTo(400);
        assertThat(api.get("api/v1/instances/999999/tasks").status()).isEqualTo(404);
    }

    @Test
    void terminateSkipsInstancesAlreadyTerminatingAndRejectsUnknownIdsWithoutWriting() {
        List<Long> ids = ids(api.post("api/v1/instances", request(2, "term", null)).data().asJsonArray());

        Reply first = terminate(ids.toArray(Long[]::new));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.data().asJsonObject().getJsonArray("tasks")).hasSize(2);
        Reply again = terminate(ids.toArray(Long[]::new));
        assertThat(again.data().asJsonObject().getJsonArray("tasks")).isEmpty();
        assertThat(ids(again.data().asJsonObject().getJsonArray("skipped"))).containsExactlyElementsOf(ids);

        long tasksBefore = sql.number("SELECT count(*) FROM tasks");
        Reply unknown = terminate(ids.get(0), 999_999L);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).contains("999999");
        assertThat(sql.number("SELECT count(*) FROM tasks")).isEqualTo(tasksBefore);
        assertThat(api.delete("api/v1/instances", "{\"project_name\": \"" + project + "\"}").error())
                .contains("instance_ids must name at least one instance");
        assertThat(api.delete("api/v1/instances", "{\"instance_ids\": [1]}").error()).contains("project_name is required");
    }

    @Test
    void terminatingRightAfterCreatingLeavesNoMachineBehind() {
        long id = ids(api.post("api/v1/instances", request(1, "quick", null)).data().asJsonArray()).get(0);
        terminate(id);

        awaitStatus(id, "terminated");
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.number(
                "SELECT count(*) FROM tasks WHERE instance_id = ? AND status IN ('pending', 'running')", id) == 0);
        assertThat(sql.number("SELECT count(*) FROM simulated_machines WHERE idempotency_key = ? AND deleted_at IS NULL",
                "talis-instance-" + id)).isZero();
    }

    @Test
    void twentyInstancesBecomeReadyThenTerminatedWithAllTheirTasksCompleted() {
        List<Long> ids = ids(api.post("api/v1/instances", request(20, "fleet", "\"provision\": true")).data().asJsonArray());

        await().atMost(Duration.ofSeconds(60)).until(() -> statuses(ids).equals(Map.of("ready", 20L)));
        terminate(ids.toArray(Long[]::new));
        await().atMost(Duration.ofSeconds(60)).until(() -> statuses(ids).equals(Map.of("terminated", 20L)));

        String in = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.number(
                "SELECT count(*) FROM tasks WHERE status = 'completed' AND instance_id IN (" + in + ")") == 40);
        assertThat(sql.number("SELECT count(*) FROM simulated_machines WHERE deleted_at IS NULL"
                + " AND idempotency_key IN (" + ids.stream().map(id -> "'talis-instance-" + id + "'").collect(Collectors.joining(",")) + ")"))
                .isZero();
    }

    private Map<String, Long> statuses(List<Long> ids) {
        JsonArray rows = api.get("api/v1/instances?include_deleted=true&limit=1000").object().getJsonArray("rows");
        return rows.stream().map(JsonValue::asJsonObject)
                .filter(row -> ids.contains(row.getJsonNumber("ID").longValue()))
                .collect(Collectors.groupingBy(row -> row.getString("status"), Collectors.counting()));
    }

    private void awaitStatus(long id, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> status.equals(api.get("api/v1/instances/" + id).object().getString("status")));
    }

    private Reply terminate(Long... ids) {
        return api.delete("api/v1/instances", "{\"project_name\": \"" + project + "\", \"instance_ids\": "
                + IntStream.range(0, ids.length).mapToObj(i -> String.valueOf(ids[i])).collect(Collectors.joining(",", "[", "]")) + "}");
    }

    private String request(int count, String name, String extra) {
        return "[" + element(count, name, extra) + "]";
    }

    private String element(int count, String name, String extra) {
        return "{\"project_name\": \"" + project + "\", \"provider\": \"simulated\", \"region\": \"nyc1\","
                + " \"size\": \"s-1vcpu-1gb\", \"image\": \"ubuntu-22-04-x64\", \"tags\": [\"talis\"],"
                + (name == null ? "" : " \"name\": \"" + name + "\",")
                + (extra == null ? "" : " " + extra + ",")
                + " \"number_of_instances\": " + count + ","
                + " \"volumes\": [{\"name\": \"data\", \"size_gb\": 10, \"mount_point\": \"/mnt/data\"}]}";
    }

    private static List<Long> ids(JsonArray rows) {
        return rows.stream().map(row -> row.getValueType() == JsonValue.ValueType.NUMBER
                ? ((jakarta.json.JsonNumber) row).longValue()
                : row.asJsonObject().getJsonNumber("ID").longValue()).toList();
    }
}
