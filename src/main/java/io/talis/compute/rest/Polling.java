package io.talis.compute.rest;

import io.talis.compute.ProviderException;
import io.talis.engine.TaskContext;
import java.time.Duration;
import java.util.Optional;

/**
 * Waiting for a cloud to finish something (an address, a volume attachment, a build): asks again
 * and again, pausing {@code firstPause} doubling to {@code longestPause}, until the answer is there
 * or {@code deadline} has passed. The pauses are the task's, so a cancelled task or a stopping
 * server ends the wait at once. Passing the deadline fails the attempt (retryably): the machine's
 * id is saved by then, so the next attempt resumes the wait and never makes a second machine.
 */
public record Polling(Duration firstPause, Duration longestPause, Duration deadline) {

    /** One look at the cloud: the result when it is there, empty to ask again later. */
    @FunctionalInterface
    public interface Probe<T> {
        Optional<T> look() throws Exception;
    }

    public <T> T until(String what, TaskContext task, Probe<T> probe) throws Exception {
        long giveUpAt = System.nanoTime() + deadline.toNanos();
        Duration pause = firstPause;
        while (true) {
            task.checkpoint();
            Optional<T> result = probe.look();
            if (result.isPresent()) {
                return result.get();
            }
            long left = giveUpAt - System.nanoTime();
            if (left <= 0) {
                throw new ProviderException(0, "gave up waiting for " + what + " after " + deadline.toSeconds() + " s");
            }
            task.sleep(pause.toNanos() < left ? pause : Duration.ofNanos(left));
            pause = pause.multipliedBy(2).compareTo(longestPause) > 0 ? longestPause : pause.multipliedBy(2);
        }
    }
}
