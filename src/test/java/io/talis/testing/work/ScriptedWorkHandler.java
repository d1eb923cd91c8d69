package io.talis.testing.work;

import static io.talis.common.SharedJson.JSON;

import io.talis.engine.EngineSettings;
import io.talis.engine.TaskContext;
import io.talis.engine.TaskHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Test-only work, deployed only with the test WAR: does what its payload scripts.
 * {@code sleep_ms} waits (cancellable, in {@code steps} checkpoints); {@code fail_before_attempt}
 * fails every attempt before that one; {@code fail_always} fails every attempt; {@code record}
 * inserts a row into {@code test_executions} per attempt so tests can count executions.
 */
@ApplicationScoped
public class ScriptedWorkHandler implements TaskHandler {

    public static final String ACTION = "test_work";

    @Inject
    DataSource dataSource;

    @Inject
    EngineSettings settings;

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public JsonObject run(TaskContext task) throws Exception {
        JsonObject script = task.payload();
        long startedMillis = System.currentTimeMillis();
        if (script.getBoolean("record", false)) {
            record(task);
        }
        if (script.getBoolean("fail_always", false) || task.attempt() < script.getInt("fail_before_attempt", 0)) {
            throw new IllegalStateException("planned failure on attempt " + task.attempt());
        }
        long sleepMillis = script.containsKey("sleep_ms") ? script.getJsonNumber("sleep_ms").longValue() : 0;
        int steps = Math.max(1, script.getInt("steps", 1));
        for (int step = 0; step < steps && sleepMillis > 0; step++) {
            task.sleep(Duration.ofMillis(sleepMillis / steps));
        }
        return JSON.createObjectBuilder()
                .add("node", settings.nodeId())
                .add("attempt", task.attempt())
                .add("started_ms", startedMillis)
                .add("finished_ms", System.currentTimeMillis())
                .build();
    }

    private void record(TaskContext task) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO test_executions (task_id, attempt, node) VALUES (?, ?, ?)")) {
            insert.setLong(1, task.taskId());
            insert.setInt(2, task.attempt());
            insert.setString(3, settings.nodeId());
            insert.executeUpdate();
        }
    }

    /** The table {@code record} writes to; tests create it before deploying. */
    public static final String EXECUTIONS_TABLE = """
            CREATE TABLE test_executions (
                task_id    bigint      NOT NULL,
                attempt    integer     NOT NULL,
                node       text        NOT NULL,
                started_at timestamptz NOT NULL DEFAULT clock_timestamp())""";
}
