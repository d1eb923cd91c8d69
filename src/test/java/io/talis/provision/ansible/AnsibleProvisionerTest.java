package io.talis.provision.ansible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.talis.engine.PermanentTaskFailure;
import io.talis.engine.StopReason;
import io.talis.engine.TaskStoppedException;
import io.talis.provision.ProvisionTarget;
import io.talis.testing.AnsibleInstallation;
import io.talis.testing.FakeTask;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real ansible-playbook, run against this machine (local connection) with harmless test playbooks. */
class AnsibleProvisionerTest {

    private static final String PRIVATE_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\\nnot-a-real-key\\n-----END OPENSSH PRIVATE KEY-----";
    private static final JsonArray VOLUMES = Json.createReader(new StringReader(
            "[{\"id\": \"vol-1\", \"name\": \"talis-9-1-data\", \"region\": \"nyc1\", \"size_gb\": 10, \"mount_point\": \"/mnt/data\"}]"))
            .readArray();

    @TempDir
    Path playbooks;

    private final FakeTask task = new FakeTask();

    @BeforeAll
    static void ansibleIsThere() {
        AnsibleInstallation.require();
    }

    @Test
    void runsThePlaybookWithTheSetupTagInAPrivateFolderThatIsRemovedAfterwards() throws Exception {
        Path playbook = copy("records-run.yml");

        provisioner(playbook, Duration.ofMinutes(2), Optional.of(PRIVATE_KEY)).provision(target("Web Node_1", JsonValue.EMPTY_JSON_ARRAY), task);

        JsonObject setup = read(playbooks.resolve("ran/web-node-1-setup.json"));
        assertThat(setup.getString("hostname")).isEqualTo("web-node-1");
        assertThat(setup.getString("ansible_host")).isEqualTo("203.0.113.9");
        assertThat(setup.getString("ansible_user")).isEqualTo("root");
        assertThat(setup.getInt("instance_id")).isEqualTo(9);
        assertThat(setup.getString("folder_mode")).isEqualTo("0700");
        assertThat(setup.getString("inventory_mode")).isEqualTo("0600");
        assertThat(setup.getString("key_mode")).isEqualTo("0600");
        assertThat(setup.getString("key_file")).startsWith(setup.getString("folder"));
        assertThat(Path.of(setup.getString("folder"))).as("the run's folder is removed").doesNotExist();
        assertThat(playbooks.resolve("ran/web-node-1-volumes.json")).as("no volumes tag without volumes").doesNotExist();
        assertThat(task.logText()).contains("with tags setup on web-node-1", "the test playbook ran for web-node-1",
                "PLAY RECAP", "exited with code 0").doesNotContain("not-a-real-key");
    }

    @Test
    void aMachineWithVolumesGetsTheVolumesTagAndTheirDetails() throws Exception {
        Path playbook = copy("records-run.yml");

        provisioner(playbook, Duration.ofMinutes(2), Optional.empty()).provision(target("db", VOLUMES), task);

        assertThat(read(playbooks.resolve("ran/db-setup.json")).getString("key_file")).isEmpty();
        assertThat(Json.createReader(new StringReader(Files.readString(playbooks.resolve("ran/db-volumes.json")))).readArray())
                .isEqualTo(VOLUMES);
        assertThat(task.logText()).contains("with tags setup,volumes on db");
    }

    @Test
    void aFailingPlaybookFailsTheAttemptWithItsOutputInTheTaskLogs() throws Exception {
        Path playbook = copy("fails.yml");

        assertThatThrownBy(() -> provisioner(playbook, Duration.ofMinutes(2), Optional.empty())
                .provision(target("db", JsonValue.EMPTY_JSON_ARRAY), task))
                .isInstanceOf(AnsibleFailure.class).hasMessageContaining("exited with code 2");
        assertThat(task.logText()).contains("the test playbook fails on purpose", "failed=1");
    }

    @Test
    void aPlaybookRunningPastItsTimeLimitIsKilledWithAllItStarted() throws Exception {
        Path playbook = copy("hangs.yml");
        CompletableFuture<Void> sleepSeen = CompletableFuture.runAsync(AnsibleProvisionerTest::awaitSleep);

        long started = System.nanoTime();
        assertThatThrownBy(() -> provisioner(playbook, Duration.ofSeconds(8), Optional.empty())
                .provision(target("db", JsonValue.EMPTY_JSON_ARRAY), task))
                .isInstanceOf(AnsibleFailure.class).hasMessageContaining("did not finish within 8 s");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        assertThat(sleepSeen).as("the playbook's sleep was running before the time limit").isDone();
        assertThat(task.logText()).contains("ANSIBLE_TIMEOUT_SECONDS");
        assertThat(sleeps()).as("processes the playbook started").isEmpty();
    }

    @Test
    void aCancelledTaskStopsThePlaybookAtOnce() throws Exception {
        Path playbook = copy("hangs.yml");
        CompletableFuture.runAsync(AnsibleProvisionerTest::awaitSleep).thenRun(() -> task.stop(StopReason.CANCELLED));

        long started = System.nanoTime();
        assertThatThrownBy(() -> provisioner(playbook, Duration.ofMinutes(10), Optional.empty())
                .provision(target("db", JsonValue.EMPTY_JSON_ARRAY), task))
                .isInstanceOf(TaskStoppedException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        assertThat(sleeps()).as("processes the playbook started").isEmpty();
    }

    @Test
    void anSshConnectionNeedsTheKey() {
        AnsibleProvisioner overSsh = new AnsibleProvisioner(new AnsibleOptions(Optional.empty(), "ssh", Duration.ofMinutes(1),
                Optional.empty()));

        assertThatThrownBy(() -> overSsh.provision(target("db", JsonValue.EMPTY_JSON_ARRAY), task))
                .isInstanceOf(PermanentTaskFailure.class).hasMessage("TALIS_SSH_KEY is not set");
    }

    @Test
    void theShippedPlaybookIsValidAnsible() throws Exception {
        Path shipped = playbooks.resolve("talis.yml");
        try (InputStream in = AnsibleProvisioner.class.getResourceAsStream(AnsibleProvisioner.SHIPPED_PLAYBOOK)) {
            Files.copy(in, shipped);
        }
        Process check = new ProcessBuilder("ansible-playbook", "--syntax-check", "-i", "localhost,", shipped.toString())
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes());

        assertThat(check.waitFor()).as(output).isZero();
        Process tags = new ProcessBuilder("ansible-playbook", "--list-tags", "-i", "localhost,", shipped.toString())
                .redirectErrorStream(true).start();
        assertThat(new String(tags.getInputStream().readAllBytes())).contains("setup", "volumes");
    }

    private AnsibleProvisioner provisioner(Path playbook, Duration timeout, Optional<String> key) {
        return new AnsibleProvisioner(new AnsibleOptions(Optional.of(playbook), "local", timeout, key));
    }

    private static ProvisionTarget target(String name, JsonArray volumes) {
        return new ProvisionTarget(9, name, "do", "203.0.113.9", volumes);
    }

    private Path copy(String playbook) throws IOException {
        Path file = playbooks.resolve(playbook);
        try (InputStream in = AnsibleProvisionerTest.class.getResourceAsStream("/ansible/" + playbook)) {
            Files.copy(in, file);
        }
        return file;
    }

    private static JsonObject read(Path file) throws IOException {
        return Json.createReader(new StringReader(Files.readString(file))).readObject();
    }

    /** The processes of hangs.yml's sleep that run now. */
    private static List<String> sleeps() {
        return ProcessHandle.allProcesses()
                .map(process -> process.info().commandLine().orElse(""))
                .filter(command -> command.contains("sleep 3141"))
                .toList();
    }

    private static void awaitSleep() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> !sleeps().isEmpty());
    }
}
