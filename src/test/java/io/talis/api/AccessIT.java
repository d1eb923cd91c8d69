package io.talis.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.talis.testing.TalisClient;
import io.talis.testing.TalisClient.Reply;
import io.talis.testing.TalisDeployment;
import io.talis.testing.TestDatabase;
import jakarta.json.JsonObject;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Authentication by API key, and two owners who never see or change each other's things. */
@ExtendWith(ArquillianExtension.class)
class AccessIT {

    private static final String ADMIN_KEY = "access-test-admin-key";
    private static final String CREATE = """
            [{"project_name": "shared", "provider": "simulated", "region": "nyc1", "size": "s-1vcpu-1gb",
              "image": "ubuntu-22-04-x64", "number_of_instances": 1,
              "volumes": [{"name": "data", "size_gb": 1, "mount_point": "/mnt/data"}]}]""";

    @ArquillianResource
    URL base;

    private TalisClient admin;
    private TalisClient alice;
    private TalisClient bob;
    private long aliceId;
    private long bobId;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TalisDeployment.war(TestDatabase.fresh("access"), Map.of(
                "TALIS_ADMIN_API_KEY", ADMIN_KEY, "SIMULATED_PROVIDER_LATENCY_MS", "0"));
    }

    @BeforeEach
    void twoOwners() {
        admin = new TalisClient(base, ADMIN_KEY);
        String suffix = String.valueOf(System.nanoTime());
        JsonObject a = admin.rpcData("user.create", "{\"username\": \"alice-" + suffix + "\"}").asJsonObject();
        JsonObject b = admin.rpcData("user.create", "{\"username\": \"bob-" + suffix + "\"}").asJsonObject();
        aliceId = a.getJsonNumber("id").longValue();
        bobId = b.getJsonNumber("id").longValue();
        alice = admin.as(a.getString("api_key"));
        bob = admin.as(b.getString("api_key"));
        alice.rpcData("project.create", "{\"name\": \"shared\"}");
        bob.rpcData("project.create", "{\"name\": \"shared\"}");
    }

    @Test
    void healthNeedsNoKeyEverythingElseDoes() {
        TalisClient anonymous = admin.as(null);
        assertThat(anonymous.get("health").status()).isEqualTo(200);

        Reply missing = anonymous.get("api/v1/instances");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.object().getString("slug")).isEqualTo("unauthorized");
        assertThat(missing.error()).contains("apikey");
        assertThat(anonymous.rpc("project.list", "{}").status()).isEqualTo(401);
        assertThat(admin.as("not-a-key").get("api/v1/instances").status()).isEqualTo(401);
    }

    @Test
    void aBearerTokenWorksLikeTheApikeyHeader() {
        Reply reply = admin.as(null).send(admin.as(null).request("api/v1/instances")
                .header("Authorization", "Bearer " + ADMIN_KEY).GET());
        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void onlyTheAdministratorManagesUsersAndSeesTheAdminRoutes() {
        Reply create = alice.rpc("user.create", "{\"username\": \"mallory\"}");
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.object().getJsonObject("error").getInt("code")).isEqualTo(403);
        assertThat(alice.get("api/v1/admin/instances").status()).isEqualTo(403);
        assertThat(alice.rpc("user.delete", "{\"id\": " + bobId + "}").status()).isEqualTo(403);
        assertThat(alice.rpc("user.get.id", "{\"id\": " + bobId + "}").status()).isEqualTo(404);
        assertThat(alice.rpcData("user.get.id", "{\"id\": " + aliceId + "}").asJsonObject().getJsonNumber("ID").longValue())
                .isEqualTo(aliceId);
        assertThat(admin.get("api/v1/admin/instances").status()).isEqualTo(200);
    }

    @Test
    void ownersNeverSeeOrChangeEachOthersThings() {
        long aliceInstance = created(alice.post("api/v1/instances", CREATE));
        long bobInstance = created(bob.post("api/v1/instances", CREATE));
        long aliceTask = alice.get("api/v1/instances/" + aliceInstance + "/tasks").data().asJsonObject()
                .getJsonArray("rows").getJsonObject(0).getJsonNumber("ID").longValue();

        assertThat(ids(bob.get("api/v1/instances?include_deleted=true"))).contains(bobInstance).doesNotContain(aliceInstance);
        assertThat(bob.get("api/v1/instances/" + aliceInstance).status()).isEqualTo(404);
        assertThat(bob.get("api/v1/instances/" + aliceInstance + "/tasks").status()).isEqualTo(404);
        assertThat(bob.get("api/v1/instances?owner_id=" + aliceId).status()).isEqualTo(404);
        assertThat(bob.rpc("task.get", "{\"task_id\": " + aliceTask + "}").status()).isEqualTo(404);
        assertThat(bob.rpc("task.terminate", "{\"task_id\": " + aliceTask + "}").status()).isEqualTo(404);
        assertThat(bob.rpc("project.get", "{\"name\": \"shared\", \"owner_id\": " + aliceId + "}").status()).isEqualTo(404);
        Reply foreignDelete = bob.delete("api/v1/instances",
                "{\"project_name\": \"shared\", \"instance_ids\": [" + aliceInstance + "]}");
        assertThat(foreignDelete.status()).isEqualTo(404);
        assertThat(alice.get("api/v1/instances/" + aliceInstance).object().getString("status")).isNotEqualTo("terminated");

        assertThat(alice.rpc("project.get", "{\"name\": \"shared\", \"owner_id\": " + aliceId + "}").status())
                .as("an owner may name itself").isEqualTo(200);
        assertThat(ids(admin.get("api/v1/instances?include_deleted=true"))).contains(aliceInstance, bobInstance);
        assertThat(ids(admin.get("api/v1/instances?include_deleted=true&owner_id=" + aliceId)))
                .contains(aliceInstance).doesNotContain(bobInstance);
        assertThat(admin.rpc("task.get", "{\"task_id\": " + aliceTask + "}").status()).isEqualTo(200);
    }

    @Test
    void sshKeysAreListedPerOwner() {
        alice.rpcData("sshkey.create", "{\"name\": \"laptop\", \"public_key\": \"ssh-ed25519 AAAAC3alice\"}");
        bob.rpcData("sshkey.create", "{\"name\": \"laptop\", \"public_key\": \"ssh-ed25519 AAAAC3bob\"}");

        assertThat(bob.rpcData("sshkey.list", "{}").asJsonArray())
                .allSatisfy(key -> assertThat(key.asJsonObject().getJsonNumber("owner_id").longValue()).isEqualTo(bobId));
        assertThat(bob.rpc("sshkey.delete", "{\"name\": \"laptop\", \"owner_id\": " + aliceId + "}").status()).isEqualTo(404);
    }

    private static long created(Reply reply) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
        return reply.data().asJsonArray().getJsonObject(0).getJsonNumber("ID").longValue();
    }

    private static java.util.List<Long> ids(Reply listing) {
        assertThat(listing.status()).as(listing.text()).isEqualTo(200);
        return listing.object().getJsonArray("rows").stream()
                .map(row -> row.asJsonObject().getJsonNumber("ID").longValue()).toList();
    }
}
