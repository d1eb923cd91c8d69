package io.talis.testing;

import io.talis.engine.StopReason;
import io.talis.engine.TaskContext;
import io.talis.engine.TaskStoppedException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A task context for fast tests of providers and provisioners: it records log lines and sleeps
 * (and really sleeps, in short slices, so deadlines pass), and can be stopped like a cancelled task.
 */
public final class FakeTask implements TaskContext {

    private final List<String> logs = new CopyOnWriteArrayList<>();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final AtomicReference<StopReason> stopReason = new AtomicReference<>();

    /** Asks the task to stop, as cancellation or shutdown would. */
    public void stop(StopReason reason) {
        stopReason.compareAndSet(null, reason);
    }

    public List<String> logs() {
        return logs;
    }

    public String logText() {
        return String.join("\n", logs);
    }

    public List<Duration> sleeps() {
        return sleeps;
    }

    @Override
    public long taskId() {
        return 1;
    }

    @Override
    public String node() {
        return "test-node";
    }

    @Override
    public int attempt() {
        return 1;
    }

    @Override
    public String action() {
        return "test";
    }

    @Override
    public JsonObject payload() {
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    @Override
    public long ownerId() {
        return 1;
    }

    @Override
    public long projectId() {
        return 1;
    }

    @Override
    public Long instanceId() {
        return null;
    }

    @Override
    public void log(String message) {
        logs.add(message);
    }

    @Override
    public void checkpoint() {
        StopReason reason = stopReason.get();
        if (reason != null) {
            throw new TaskStoppedException(reason);
        }
    }

    @Override
    public void sleep(Duration duration) {
        checkpoint();
        sleeps.add(duration);
        long until = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < until) {
            checkpoint();
            try {
                Thread.sleep(Math.max(1, Math.min(10, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TaskStoppedException(StopReason.SHUTDOWN);
            }
        }
        checkpoint();
    }
}
