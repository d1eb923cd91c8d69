package io.talis.provision.ansible;

import static io.talis.common.SharedJson.JSON;

import io.talis.common.RequiredConfig;
import io.talis.engine.PermanentTaskFailure;
import io.talis.engine.TaskContext;
import io.talis.provision.ProvisionTarget;
import io.talis.provision.Provisioner;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Provisions a machine by running the real {@code ansible-playbook} against it, once per task,
 * in a private folder of its own (inventory, SSH key, variables; removed afterwards), with host
 * key checking off and a time limit. Tags as in the Go service: {@code setup} always, and
 * {@code volumes} when the machine has volumes attached (DigitalOcean's; a Ximera server's disk
 * is its only volume). The end of Ansible's output goes to the task's logs.
 */
public class AnsibleProvisioner implements Provisioner {

    static final String SHIPPED_PLAYBOOK = "/ansible/talis.yml";
    private static final String COMMAND = "ansible-playbook";

    /** Ansible settings of every run: no host key prompts, no retry files, one SSH connection per step. */
    private static final String ANSIBLE_CFG = """
            [defaults]
            host_key_checking = False
            retry_files_enabled = False
            interpreter_python = auto_silent
            nocows = True

            [ssh_connection]
            ssh_args = -o ControlMaster=no -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=20
            pipelining = True
            """;

    private final AnsibleOptions options;

    public AnsibleProvisioner(AnsibleOptions options) {
        this.options = options;
    }

    @Override
    public void provision(ProvisionTarget target, TaskContext task) throws Exception {
        String host = hostName(target);
        String address = address(target);
        // Over SSH the key is required; a local connection (tests) takes one if it is set, and ignores it.
        String privateKey = options.isLocal() && options.privateKey().isEmpty() ? null : privateKey();
        List<String> tags = target.volumeDetails().isEmpty() ? List.of("setup") : List.of("setup", "volumes");
        try (PlaybookWorkspace workspace = PlaybookWorkspace.create()) {
            Path playbook = options.playbook().isPresent() ? options.playbook().get()
                    : workspace.copyResource(SHIPPED_PLAYBOOK, "talis.yml");
            Path key = privateKey == null ? null : workspace.write("ssh_key", privateKey);
            Path inventory = workspace.write("inventory.ini", inventory(host, address, key));
            Path variables = workspace.write("vars.json", JSON.createObjectBuilder()
                    .add("talis_instance_id", target.instanceId())
                    .add("talis_hostname", host)
                    .add("talis_provider", target.providerId())
                    .add("talis_volumes", target.volumeDetails())
                    .build().toString());
            Path config = workspace.write("ansible.cfg", ANSIBLE_CFG);
            List<String> command = List.of(COMMAND, "-i", inventory.toString(), "--tags", String.join(",", tags),
                    "--extra-vars", "@" + variables, playbook.toString());
            task.log("ansible: running " + playbook.getFileName() + " with tags " + String.join(",", tags) + " on " + host
                    + " (" + address + ", connection " + options.connection() + ")");
            PlaybookProcess.Result result = run(command, workspace, config, task);
            task.log("ansible: " + outcome(result) + "; the last " + result.lastLines().size() + " of " + result.totalLines()
                    + " lines of its output:\n" + String.join("\n", result.lastLines()));
            if (result.timedOut() || result.exitCode() != 0) {
                throw new AnsibleFailure("ansible-playbook " + outcome(result) + " on " + host + " (" + address + ")");
            }
        }
    }

    private PlaybookProcess.Result run(List<String> command, PlaybookWorkspace workspace, Path config, TaskContext task)
            throws IOException {
        Path temporary = workspace.folder().resolve("tmp");
        Map<String, String> environment = Map.of(
                "ANSIBLE_CONFIG", config.toString(),
                "ANSIBLE_LOCAL_TEMP", temporary.toString(),
                "ANSIBLE_HOST_KEY_CHECKING", "False",
                "ANSIBLE_NOCOLOR", "1",
                "ANSIBLE_FORCE_COLOR", "0",
                "PYTHONUNBUFFERED", "1");
        if (!isInstalled()) {
            throw new PermanentTaskFailure(COMMAND + " is not installed on this server (not on its PATH);"
                    + " install Ansible, e.g. apt-get install -y ansible");
        }
        return PlaybookProcess.run(command, workspace.folder(), environment, options.timeout(), task);
    }

    /** Whether {@code ansible-playbook} is on this process's PATH. */
    public static boolean isInstalled() {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(folder -> !folder.isEmpty() && Files.isExecutable(Path.of(folder, COMMAND)));
    }

    private String outcome(PlaybookProcess.Result result) {
        return result.timedOut()
                ? "did not finish within " + options.timeout().toSeconds() + " s (ANSIBLE_TIMEOUT_SECONDS) and was stopped"
                : "exited with code " + result.exitCode();
    }

    /**
     * One host, in a group of its own. With a local connection (tests) there is no key; Ansible
     * then ignores ansible_host and works on this machine.
     */
    private String inventory(String host, String address, Path key) {
        List<String> variables = new ArrayList<>(List.of("ansible_host=" + address, "ansible_user=root",
                "ansible_connection=" + options.connection()));
        if (key != null) {
            variables.add("ansible_ssh_private_key_file=" + key);
        }
        return "[talis]\n" + host + " " + String.join(" ", variables) + "\n";
    }

    /** The SSH private key from TALIS_SSH_KEY, accepting "\n" escapes for one-line settings, ending with a newline as OpenSSH wants. */
    private String privateKey() {
        String key = RequiredConfig.text(options.privateKey(), "TALIS_SSH_KEY");
        if (!key.contains("\n")) {
            key = key.replace("\\n", "\n");
        }
        return key.endsWith("\n") ? key : key + "\n";
    }

    /** The instance's name as a host name: lower-case letters, digits and dashes, at most 63. */
    static String hostName(ProvisionTarget target) {
        String name = target.name() == null ? "" : target.name().toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        name = name.length() > 63 ? name.substring(0, 63).replaceAll("-+$", "") : name;
        return name.isEmpty() ? "talis-" + target.instanceId() : name;
    }

    /** The address, checked to be one, since it goes into the inventory. */
    private static String address(ProvisionTarget target) {
        String address = target.publicIp();
        if (address == null || !address.matches("[0-9A-Fa-f:.]+")) {
            throw new PermanentTaskFailure("instance " + target.instanceId() + " has no usable address to provision: " + address);
        }
        return address;
    }
}
