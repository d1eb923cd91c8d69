package io.talis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.talis.testing.Fixtures;
import io.talis.testing.Sql;
import io.talis.testing.TalisClient;
import io.talis.testing.TalisClient.Reply;
import io.talis.testing.TalisDeployment;
import io.talis.testing.TestDatabase;
import io.talis.testing.work.ScriptedWorkHandler;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every RPC method of POST /api/v1/, its answers and its errors, through the deployed WAR. */
@ExtendWith(ArquillianExtension.class)
class RpcApiIT {

    private static final String ADMIN_KEY = "rpc-test-admin-key";
    private static TestDatabase database;

    @ArquillianResource
    URL base;

    private TalisClient api;
    private Sql sql;
    private String name;

    @Deployment(testable = false)
    static WebArchive deployment() {
        database = TestDatabase.fresh("rpc_api");
        return TalisDeployment.war(database, Map.of("TALIS_ADMIN_API_KEY", ADMIN_KEY, "SIMULATED_PROVIDER_LATENCY_MS", "10"));
    }

    @BeforeEach
    void connect() {
        api = new TalisClient(base, ADMIN_KEY);
        sql = database.sql();
        name = "n" + System.nanoTime();
    }

    @Test
    void theEnvelopeEchoesTheIdAndReportsErrorsWithTheirHttpStatus() {
        Reply ok = api.post("api/v1/", "{\"method\": \"project.list\", \"params\": {}, \"id\": \"req-1\"}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.object().getString("id")).isEqualTo("req-1");
        assertThat(ok.object().getBoolean("success")).isTrue();

        Reply notFound = api.post("api/v1", "{\"method\": \"project.get\", \"params\": {\"name\": \"nope\"}, \"id\": \"req-2\"}");
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.object().getBoolean("success")).isFalse();
        assertThat(notFound.object().getString("id")).isEqualTo("req-2");
        JsonObject error = notFound.object().getJsonObject("error");
        assertThat(error.getInt("code")).isEqualTo(404);
        assertThat(error.getString("message")).isEqualTo("project 'nope' not found");
        assertThat(error.getString("data")).isEqualTo("not-found");

        assertThat(api.post("api/v1", "{not json").status()).isEqualTo(400);
        assertThat(api.post("api/v1", "[1, 2]").error()).contains("Invalid request format");
        assertThat(api.post("api/v1", "{\"params\": {}}").error()).isEqualTo("Method is required");
        assertThat(api.rpc("project.rename", "{}").error()).contains("unknown method 'project.rename'");
        assertThat(api.rpc("task.get", "{\"task_id\": \"seven\"}").error()).contains("invalid parameters");
        assertThat(api.rpc("task.get", "[1]").error()).contains("params must be a JSON object");
    }

    @Test
    void projectsAreCreatedReadListedAndDeleted() {
        JsonObject created = api.rpcData("project.create", "{\"name\": \"" + name + "\", \"description\": \"d\","
                + " \"config\": \"{\\\"resources\\\": {\\\"cpu\\\": 2}}\", \"owner_id\": 4294967295}").asJsonObject();
        assertThat(created.getString("name")).isEqualTo(name);
        assertThat(created.getString("config")).isEqualTo("{\"resources\":{\"cpu\":2}}");
        assertThat(created.getJsonNumber("ID").longValue()).isPositive();

        assertThat(api.rpcData("project.get", "{\"name\": \"" + name + "\"}").asJsonObject().getString("description")).isEqualTo("d");
        Reply duplicate = api.rpc("project.create", "{\"name\": \"" + name + "\"}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.error()).isEqualTo("project '" + name + "' already exists");
        assertThat(api.rpc("project.create", "{\"name\": \"x" + name + "\", \"config\": \"{\\\"invalid\\\": json}\"}").error())
                .contains("invalid config JSON");
        assertThat(api.rpc("project.create", "{\"name\": \"\"}").error()).isEqualTo("project name is required");
        JsonObject objectConfig = api.rpcData("project.create", "{\"name\": \"o" + name + "\", \"config\": {\"settings\": {}}}").asJsonObject();
        assertThat(objectConfig.getString("config")).isEqualTo("{\"settings\":{}}");

        JsonObject list = api.rpcData("project.list", "{\"page\": 1, \"owner_id\": 4294967295}").asJsonObject();
        assertThat(list.getJsonObject("pagination").getInt("limit")).isEqualTo(50);
        assertThat(list.getJsonObject("pagination").getJsonNumber("total").longValue()).isEqualTo(
                sql.number("SELECT count(*) FROM projects WHERE deleted_at IS NULL AND owner_id = 4294967295"));

        assertThat(api.rpc("project.delete", "{\"name\": \"" + name + "\"}").object().getBoolean("success")).isTrue();
        assertThat(api.rpc("project.get", "{\"name\": \"" + name + "\"}").status()).isEqualTo(404);
        assertThat(api.rpc("project.delete", "{\"name\": \"" + name + "\"}").status()).isEqualTo(404);
    }

    @Test
    void projectListsPageByFiftyWithATrueTotal() {
        for (int i = 0; i < 60; i++) {
            api.rpcData("project.create", "{\"name\": \"" + name + "-" + i + "\"}");
        }
        JsonObject second = api.rpcData("project.list", "{\"page\": 2}").asJsonObject();

        JsonObject pagination = second.getJsonObject("pagination");
        assertThat(pagination.getInt("page")).isEqualTo(2);
        assertThat(pagination.getInt("offset")).isEqualTo(50);
        assertThat(pagination.getJsonNumber("total").longValue()).isEqualTo(sql.number("SELECT count(*) FROM projects WHERE deleted_at IS NULL"));
        assertThat(second.getJsonArray("rows")).hasSizeLessThanOrEqualTo(50).isNotEmpty();
        assertThat(api.rpc("project.list", "{\"page\": -1}").error()).contains("page must be a positive number");
    }

    @Test
    void aProjectWithLiveInstancesCannotBeDeletedAndListsItsInstances() {
        api.rpcData("project.create", "{\"name\": \"" + name + "\"}");
        Reply created = api.post("api/v1/instances", "[{\"project_name\": \"" + name + "\", \"provider\": \"simulated\","
                + " \"region\": \"nyc1\", \"size\": \"s\", \"image\": \"i\", \"number_of_instances\": 2,"
                + " \"volumes\": [{\"name\": \"v\", \"size_gb\": 1, \"mount_point\": \"/v\"}]}]");
        assertThat(created.status()).isEqualTo(201);

        assertThat(api.rpcData("project.listInstances", "{\"name\": \"" + name + "\"}").asJsonObject().getJsonArray("rows")).hasSize(2);
        Reply refused = api.rpc("project.delete", "{\"name\": \"" + name + "\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.error()).contains("2 instances that are not terminated");

        JsonObject tasks = api.rpcData("task.list", "{\"projectName\": \"" + name + "\"}").asJsonObject();
        assertThat(tasks.getJsonArray("rows")).hasSize(2)
                .allSatisfy(task -> assertThat(task.asJsonObject().getString("action")).isEqualTo("create_instances"));
        assertThat(api.rpc("task.list", "{\"projectName\": \"nope\"}").status()).isEqualTo(404);
    }

    @Test
    void taskGetShowsWhatTheEngineKnowsAndTerminateStopsPendingAndRunningTasks() {
        Fixtures fixtures = new Fixtures(sql);
        long done = fixtures.task(ScriptedWorkHandler.ACTION, "{}");
        await().atMost(Duration.ofSeconds(20)).until(() -> "completed".equals(sql.text("SELECT status FROM tasks WHERE id = ?", done)));

        JsonObject task = api.rpcData("task.get", "{\"task_id\": " + done + "}").asJsonObject();
        assertThat(task.getJsonNumber("id").longValue()).isEqualTo(done);
        assertThat(task.getJsonNumber("ID").longValue()).isEqualTo(done);
        assertThat(task.getJsonNumber("project_id").longValue()).isEqualTo(fixtures.projectId());
        assertThat(task.getString("action")).isEqualTo(ScriptedWorkHandler.ACTION);
        assertThat(task.getString("status")).isEqualTo("completed");
        assertThat(task.getInt("attempts")).isEqualTo(1);
        assertThat(task.get("error")).isEqualTo(JsonValue.NULL);
        assertThat(task.getString("logs")).contains("attempt 1 completed");
        assertThat(task.getString("created_at")).endsWith("Z");
        assertThat(task.getString("node")).isNotBlank();
        assertThat(api.rpc("task.get", "{\"task_id\": 0}").error()).contains("task_id is required");
        assertThat(api.rpc("task.get", "{\"task_id\": 999999}").status()).isEqualTo(404);

        long waiting = fixtures.deferredTask(ScriptedWorkHandler.ACTION, "{}");
        assertThat(api.rpcData("task.terminate", "{\"task_id\": " + waiting + "}").asJsonObject().getString("status"))
                .isEqualTo("terminated");
        assertThat(api.rpcData("task.get", "{\"task_id\": " + waiting + "}").asJsonObject().getString("status")).isEqualTo("terminated");

        long running = fixtures.task(ScriptedWorkHandler.ACTION, "{\"sleep_ms\": 60000, \"steps\": 120}");
        await().atMost(Duration.ofSeconds(20)).until(() -> "running".equals(sql.text("SELECT status FROM tasks WHERE id = ?", running)));
        assertThat(api.rpcData("task.terminate", "{\"task_id\": " + running + "}").asJsonObject().getString("status")).isEqualTo("running");
        await().atMost(Duration.ofSeconds(5)).until(() -> "terminated".equals(sql.text("SELECT status FROM tasks WHERE id = ?", running)));

        Reply again = api.rpc("task.terminate", "{\"task_id\": " + done + "}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.error()).contains("has already ended as completed");
    }

    @Test
    void usersAreCreatedWithAKeyFoundAndDeleted() {
        JsonObject created = api.rpcData("user.create", "{\"username\": \"" + name + "\", \"email\": \"u@example.com\","
                + " \"role\": 0, \"public_ssh_key\": \"ssh-rsa AAAA\"}").asJsonObject();
        long id = created.getJsonNumber("id").longValue();
        String key = created.getString("api_key");
        assertThat(key).startsWith("talis_");
        assertThat(sql.text("SELECT api_key_hash FROM users WHERE id = ?", id)).as("only a hash is stored").isNotEqualTo(key).hasSize(64);
        assertThat(api.as(key).get("api/v1/instances").status()).as("the new key works").isEqualTo(200);

        JsonObject user = api.rpcData("user.get.id", "{\"id\": " + id + "}").asJsonObject();
        assertThat(user.getString("username")).isEqualTo(name);
        assertThat(user.getInt("role")).isZero();
        assertThat(user.getString("created_at")).isNotBlank();
        assertThat(api.rpcData("user.get", "{\"username\": \"" + name + "\"}").asJsonObject()
                .getJsonObject("user").getJsonNumber("ID").longValue()).isEqualTo(id);
        assertThat(api.rpcData("user.get", "{}").asJsonObject().getJsonArray("users")).isNotEmpty();

        assertThat(api.rpc("user.create", "{\"username\": \"" + name + "\"}").status()).isEqualTo(409);
        assertThat(api.rpc("user.create", "{\"username\": \"\"}").error()).isEqualTo("username is required");
        assertThat(api.rpc("user.create", "{\"username\": \"e" + name + "\", \"email\": \"not-an-email\"}").error())
                .contains("invalid user email format");
        assertThat(api.rpc("user.get", "{\"username\": \"nobody-" + name + "\"}").status()).isEqualTo(404);

        assertThat(api.rpc("user.delete", "{\"id\": " + id + "}").object().getBoolean("success")).isTrue();
        assertThat(api.rpc("user.get.id", "{\"id\": " + id + "}").status()).isEqualTo(404);
        assertThat(api.as(key).get("api/v1/instances").status()).as("a deleted user's key stops working").isEqualTo(401);
        assertThat(api.rpc("user.delete", "{\"id\": 234234}").status()).isEqualTo(404);
        assertThat(api.rpc("user.delete", "{\"id\": 4294967295}").status()).isEqualTo(409);
    }

    @Test
    void sshKeysAreValidatedCreatedListedAndDeleted() {
        JsonObject key = api.rpcData("sshkey.create", "{\"name\": \"" + name + "\", \"public_key\": \"ssh-ed25519 AAAAC3Nz test\","
                + " \"owner_id\": 4294967295}").asJsonObject();
        assertThat(key.getString("name")).isEqualTo(name);
        assertThat(key.getString("public_key")).isEqualTo("ssh-ed25519 AAAAC3Nz test");
        assertThat(key.getJsonNumber("owner_id").longValue()).isEqualTo(4294967295L);

        for (String invalid : new String[] {"invalid-key", "rsa AAAA", "ssh-invalid AAAA", "just some random text"}) {
            Reply refused = api.rpc("sshkey.create", "{\"name\": \"k" + name + "\", \"public_key\": \"" + invalid + "\"}");
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.error()).contains("invalid SSH public key format");
        }
        assertThat(api.rpc("sshkey.create", "{\"name\": \"" + name + "\", \"public_key\": \"ssh-rsa AAAA\"}").status()).isEqualTo(409);
        assertThat(api.rpcData("sshkey.list", "{}").asJsonArray().stream().map(k -> k.asJsonObject().getString("name"))).contains(name);

        assertThat(api.rpc("sshkey.delete", "{\"name\": \"" + name + "\"}").object().getBoolean("success")).isTrue();
        Reply missing = api.rpc("sshkey.delete", "{\"name\": \"" + name + "\"}");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.error()).contains("not found").contains(name);
    }
}
