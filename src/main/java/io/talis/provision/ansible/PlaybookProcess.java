package io.talis.provision.ansible;

import io.talis.engine.TaskContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@code ansible-playbook} as a child process: its output goes to a file in the run's
 * private folder (nothing to drain, nothing lost), it is watched every quarter second for the
 * task being stopped and for its time limit, and whenever it must end early (time limit, task
 * stopped, an error here) it is killed with every process it started.
 */
final class PlaybookProcess {

    /** Lines of output kept for the task's logs: the end, where Ansible reports what failed. */
    static final int KEPT_LINES = 200;
    private static final int MAX_LINE_CHARS = 1000;
    private static final long WATCH_MILLIS = 250;
    private static final Duration EXIT_WAIT = Duration.ofSeconds(5);

    /** How the run ended: its exit code (-1 if killed at its time limit) and the end of its output. */
    record Result(int exitCode, boolean timedOut, List<String> lastLines, long totalLines) {
    }

    private PlaybookProcess() {
    }

    static Result run(List<String> command, Path folder, Map<String, String> environment, Duration timeout,
                      TaskContext task) throws IOException {
        Path output = folder.resolve("output.log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(folder.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(PlaybookProcess::isSecret);
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            long giveUpAt = System.nanoTime() + timeout.toNanos();
            while (!process.waitFor(WATCH_MILLIS, TimeUnit.MILLISECONDS)) {
                task.checkpoint();
                if (System.nanoTime() - giveUpAt > 0) {
                    killTree(process);
                    return result(-1, true, output);
                }
            }
            return result(process.exitValue(), false, output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while ansible-playbook ran");
        } finally {
            killTree(process);
        }
    }

    /** The server's own secrets stay out of the playbook's environment (the SSH key goes in as a file). */
    static boolean isSecret(String variable) {
        String name = variable.toUpperCase(Locale.ROOT);
        return name.contains("TOKEN") || name.contains("PASSWORD") || name.contains("SECRET") || name.equals("TALIS_SSH_KEY");
    }

    /** Kills the process and all it started; the children first are listed while they are still its children. */
    private static void killTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Result result(int exitCode, boolean timedOut, Path output) throws IOException {
        Deque<String> last = new ArrayDeque<>();
        long total = 0;
        // An InputStreamReader replaces bytes that are not UTF-8 instead of failing on them.
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(Files.newInputStream(output), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                total++;
                last.addLast(line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "..." : line);
                if (last.size() > KEPT_LINES) {
                    last.removeFirst();
                }
            }
        }
        return new Result(exitCode, timedOut, List.copyOf(last), total);
    }
}
