package io.talis.testing;

import io.talis.provision.ansible.AnsibleProvisioner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure the tests that run the real {@code ansible-playbook} can: installs Ansible through
 * the system package manager when it is missing and this user may (root with apt-get), and
 * otherwise fails those tests with the command that installs it. They are never skipped.
 */
public final class AnsibleInstallation {

    public static final String INSTALL_COMMAND = "apt-get update && apt-get install -y ansible";

    private static boolean present;

    private AnsibleInstallation() {
    }

    public static synchronized void require() {
        if (present || AnsibleProvisioner.isInstalled()) {
            present = true;
            return;
        }
        if (isRoot() && Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            install();
        }
        if (!AnsibleProvisioner.isInstalled()) {
            throw new AssertionError("ansible-playbook is not installed and these tests cannot install it"
                    + " (they need root and apt-get); install it with: sudo sh -c '" + INSTALL_COMMAND + "'");
        }
        present = true;
    }

    private static void install() {
        System.out.println("ansible-playbook is missing; installing Ansible: " + INSTALL_COMMAND);
        try {
            ProcessBuilder apt = new ProcessBuilder("sh", "-c", INSTALL_COMMAND).inheritIO();
            apt.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process process = apt.start();
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("installing Ansible took longer than 15 minutes: " + INSTALL_COMMAND);
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("installing Ansible failed with exit code " + process.exitValue() + ": " + INSTALL_COMMAND);
            }
        } catch (IOException e) {
            throw new AssertionError("could not run: " + INSTALL_COMMAND, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while installing Ansible", e);
        }
    }

    private static boolean isRoot() {
        try {
            Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String uid = new String(id.getInputStream().readAllBytes()).strip();
            return id.waitFor() == 0 && uid.equals("0");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
