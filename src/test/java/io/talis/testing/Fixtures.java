package io.talis.testing;

import java.time.Duration;

/**
 * Rows the tests need before there are tasks: an owner, a project, instances; and tasks
 * enqueued the way the service enqueues them (one INSERT, the trigger orders and announces them).
 */
public final class Fixtures {

    private final Sql sql;
    private final long ownerId;
    private final long projectId;

    public Fixtures(Sql sql) {
        this.sql = sql;
        String name = "owner-" + System.nanoTime();
        ownerId = sql.number("INSERT INTO users (username) VALUES (?) RETURNING id", name);
        projectId = sql.number("INSERT INTO projects (owner_id, name) VALUES (?, 'project') RETURNING id", ownerId);
    }

    /**
     * Empties the tables a run of tasks fills, including the webhook outbox that references
     * tasks, so every benchmark run starts from fresh tables; owners and projects stay.
     */
    public void emptyTaskTables() {
        sql.update("TRUNCATE webhook_deliveries, tasks, instances, simulated_machines RESTART IDENTITY");
    }

    public long ownerId() {
        return ownerId;
    }

    public long projectId() {
        return projectId;
    }

    public long instance(String name, String provider) {
        return sql.number("""
                INSERT INTO instances (owner_id, project_id, name, provider_id, region, size, image)
                VALUES (?, ?, ?, ?, 'nyc1', 's-1vcpu-1gb', 'ubuntu-22-04-x64') RETURNING id""",
                ownerId, projectId, name, provider);
    }

    /** A pending task of {@code action} with this JSON payload; returns its id. */
    public long task(String action, String payloadJson) {
        return task(action, payloadJson, 1, null);
    }

    public long task(String action, String payloadJson, int priority, Long instanceId) {
        return sql.number("""
                INSERT INTO tasks (owner_id, project_id, instance_id, action, payload, priority)
                VALUES (?, ?, ?, ?, ?::jsonb, ?) RETURNING id""",
                ownerId, projectId, instanceId, action, payloadJson, (short) priority);
    }

    /** A pending task that competes for {@code concurrencyKey} (as instance tasks do for their provider). */
    public long keyedTask(String action, String payloadJson, String concurrencyKey) {
        return sql.number("INSERT INTO tasks (owner_id, project_id, action, payload, concurrency_key)"
                + " VALUES (?, ?, ?, ?::jsonb, ?) RETURNING id", ownerId, projectId, action, payloadJson, concurrencyKey);
    }

    /** A pending task not runnable for an hour, so that nothing claims it meanwhile. */
    public long deferredTask(String action, String payloadJson) {
        return sql.number("INSERT INTO tasks (owner_id, project_id, action, payload, run_after)"
                + " VALUES (?, ?, ?, ?::jsonb, now() + interval '1 hour') RETURNING id",
                ownerId, projectId, action, payloadJson);
    }

    /** {@code count} pending tasks in one statement; returns the first id (ids are consecutive). */
    public long tasks(int count, String action, String payloadJson) {
        return tasks(count, action, payloadJson, Duration.ZERO);
    }

    /** {@code count} pending tasks in one statement, runnable {@code delay} from now; returns the first id. */
    public long tasks(int count, String action, String payloadJson, Duration delay) {
        return sql.number("""
                WITH inserted AS (
                    INSERT INTO tasks (owner_id, project_id, action, payload, run_after)
                    SELECT ?, ?, ?, ?::jsonb, now() + ?::float8 * interval '1 millisecond'
                      FROM generate_series(1, ?) RETURNING id)
                SELECT min(id) FROM inserted""",
                ownerId, projectId, action, payloadJson, (double) delay.toMillis(), count);
    }
}
