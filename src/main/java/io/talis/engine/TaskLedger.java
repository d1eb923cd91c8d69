package io.talis.engine;

import io.talis.persistence.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The SQL of every state change of a task. Each change is one statement; every change made for
 * a running attempt is conditional on (id, attempt, lease owner, status running), so a late or
 * zombie worker can never overwrite a newer state: its statement simply matches no row.
 */
public class TaskLedger {

    /** A running attempt of a task, as seen by its lease owner. */
    public record Attempt(long taskId, int attempt) {
    }

    /** The answer of a heartbeat for one attempt that still holds its lease. */
    public record Renewal(long taskId, int attempt, boolean cancelRequested) {
    }

    /** A task whose expired lease was taken back, and the status it got. */
    public record Recovery(long taskId, TaskStatus status) {
    }

    /** A successful attempt and its result (JSON, or null to keep the task's result). */
    public record Completion(Attempt attempt, String resultJson) {
    }

    /** What {@link #completeAllAndClaim} did: the tasks completed, and those claimed in the same statement. */
    public record CompletedAndClaimed(Set<Long> completed, List<ClaimedTask> claimed) {
    }

    private static final String FENCE =
            " WHERE id = ? AND attempts = ? AND claimed_by = ? AND status = 'running'";

    private static final String CLAIMED = """
            UPDATE tasks
               SET status = 'running', attempts = attempts + 1, claimed_by = ?,
                   lease_expires_at = now() + ?::float8 * interval '1 millisecond',
                   started_at = now(), updated_at = now()
             WHERE id = ANY (ARRAY(%s))
            RETURNING id, attempts, action, payload::text, owner_id, project_id, instance_id, created_at,
                      concurrency_key, (extract(epoch FROM now() - run_after) * 1000)::bigint AS waited_ms
            """;

    // The ids are taken as an array (not "id IN (subquery)") so that the plan is the same whatever
    // the limit: a generic plan of "IN" assumes a tenth of the table and hash-joins a sequential scan.
    private static final String CLAIM = CLAIMED.formatted("""
            SELECT id FROM tasks
             WHERE status = 'pending' AND run_after <= now()
             ORDER BY claim_order
             LIMIT ?
             FOR UPDATE SKIP LOCKED""");

    /**
     * The claim when some concurrency keys are capped: keys without room are skipped, and of a key
     * with room for n more only its first n candidates are taken. Candidates are looked at a few
     * times over the limit, so that a capped key at the head of the queue does not hide the rest.
     */
    private static final String CLAIM_WITHIN_CAPS = CLAIMED.formatted("""
            SELECT id FROM (
                SELECT candidate.id, candidate.claim_order, room.free,
                       row_number() OVER (PARTITION BY candidate.concurrency_key ORDER BY candidate.claim_order) AS nth
                  FROM (SELECT id, concurrency_key, claim_order FROM tasks
                         WHERE status = 'pending' AND run_after <= now()
                           AND (concurrency_key IS NULL OR concurrency_key <> ALL (?::text[]))
                         ORDER BY claim_order
                         LIMIT ?
                         FOR UPDATE SKIP LOCKED) candidate
                  LEFT JOIN unnest(?::text[], ?::int[]) AS room(key, free) ON room.key = candidate.concurrency_key
            ) ranked
             WHERE free IS NULL OR nth <= free
             ORDER BY claim_order
             LIMIT ?""");

    private static final int CANDIDATES_PER_CLAIM = 4;

    private static final String FINISH = """
            UPDATE tasks
               SET status = ?, result = COALESCE(?::jsonb, result), error = ?,
                   logs = talis_append_log(logs, ?),
                   lease_expires_at = NULL, finished_at = now(), updated_at = now()
            """ + FENCE;

    // FINISH with status completed for many attempts at once: each row still fenced on its own
    // (id, attempt, lease owner, status running); the log line is the one a single completion writes.
    private static final String COMPLETE_ALL = """
            UPDATE tasks t
               SET status = 'completed', result = COALESCE(done.result::jsonb, t.result), error = NULL,
                   logs = talis_append_log(t.logs, 'attempt ' || done.attempt || ' completed'),
                   lease_expires_at = NULL, finished_at = now(), updated_at = now()
              FROM unnest(?::bigint[], ?::int[], ?::text[]) AS done(id, attempt, result)
             WHERE t.id = done.id AND t.attempts = done.attempt
               AND t.claimed_by = ? AND t.status = 'running'
            RETURNING t.id
            """;

    // One statement, one commit: the completions, and the claim of the next tasks for the workers
    // they free. The two parts touch disjoint rows (running ones, pending ones).
    private static final String COMPLETE_ALL_AND_CLAIM = "WITH done AS (" + COMPLETE_ALL + "), claimed AS (" + CLAIM + """
            )
            SELECT true AS completed, id, NULL::int AS attempts, NULL::text AS action, NULL::text AS payload,
                   NULL::bigint AS owner_id, NULL::bigint AS project_id, NULL::bigint AS instance_id,
                   NULL::timestamptz AS created_at, NULL::text AS concurrency_key, NULL::bigint AS waited_ms
              FROM done
            UNION ALL
            SELECT false, id, attempts, action, payload, owner_id, project_id, instance_id, created_at,
                   concurrency_key, waited_ms
              FROM claimed
            """;

    private static final String RETRY_OR_FAIL = """
            UPDATE tasks
               SET status = CASE WHEN attempts >= ? THEN 'failed' ELSE 'pending' END,
                   error = ?,
                   logs = talis_append_log(logs, ?),
                   run_after = CASE WHEN attempts >= ? THEN run_after
                                    ELSE now() + ?::float8 * interval '1 millisecond' END,
                   finished_at = CASE WHEN attempts >= ? THEN now() END,
                   lease_expires_at = NULL, updated_at = now()
            """ + FENCE + " RETURNING status";

    private static final String APPEND_LOG =
            "UPDATE tasks SET logs = talis_append_log(logs, ?)" + FENCE;

    private static final String RENEW = """
            UPDATE tasks t
               SET lease_expires_at = now() + ?::float8 * interval '1 millisecond'
              FROM unnest(?::bigint[], ?::int[]) AS held(id, attempt)
             WHERE t.id = held.id AND t.attempts = held.attempt
               AND t.claimed_by = ? AND t.status = 'running'
            RETURNING t.id, t.attempts, t.cancel_requested
            """;

    private static final String RELEASE = """
            UPDATE tasks t
               SET status = 'pending', run_after = now(), lease_expires_at = NULL, updated_at = now(),
                   logs = talis_append_log(t.logs, 'attempt ' || t.attempts || ' released by ' || t.claimed_by
                                                   || ' at shutdown; another node may take it')
              FROM unnest(?::bigint[], ?::int[]) AS held(id, attempt)
             WHERE t.id = held.id AND t.attempts = held.attempt
               AND t.claimed_by = ? AND t.status = 'running'
            """;

    private static final String RECOVER_EXPIRED = """
            UPDATE tasks
               SET status = CASE WHEN cancel_requested THEN 'terminated'
                                 WHEN attempts >= ? THEN 'failed'
                                 ELSE 'pending' END,
                   error = 'lease of ' || claimed_by || ' expired during attempt ' || attempts,
                   logs = talis_append_log(logs, 'lease of ' || claimed_by || ' expired during attempt '
                                                 || attempts || '; recovered by ' || ?),
                   finished_at = CASE WHEN cancel_requested OR attempts >= ? THEN now() END,
                   run_after = now(), lease_expires_at = NULL, updated_at = now()
             WHERE id IN (SELECT id FROM tasks
                           WHERE status = 'running' AND lease_expires_at < now()
                           FOR UPDATE SKIP LOCKED)
            RETURNING id, status
            """;

    private static final String REQUEST_CANCEL = """
            UPDATE tasks
               SET status = CASE WHEN status = 'pending' THEN 'terminated' ELSE status END,
                   finished_at = CASE WHEN status = 'pending' THEN now() ELSE finished_at END,
                   cancel_requested = true,
                   logs = talis_append_log(logs, 'termination requested'),
                   updated_at = now()
             WHERE id = ? AND status IN ('pending', 'running')
            RETURNING status
            """;

    private final Jdbc jdbc;
    private final String node;

    public TaskLedger(DataSource dataSource, String node) {
        this(new Jdbc(dataSource), node);
    }

    private TaskLedger(Jdbc jdbc, String node) {
        this.jdbc = jdbc;
        this.node = node;
    }

    /**
     * This node's ledger on one connection of its own from {@code unpooled}, kept open, for a
     * single writer that runs the same statements all the time ({@link Jdbc#onOwnConnection}).
     */
    public TaskLedger onOwnConnection(DataSource unpooled) {
        return new TaskLedger(Jdbc.onOwnConnection(unpooled), node);
    }

    /** Closes the connection of a ledger {@link #onOwnConnection on its own connection}. */
    public void close() {
        jdbc.close();
    }

    /** The node whose leases this ledger writes. */
    public String node() {
        return node;
    }

    /**
     * Claims up to {@code limit} runnable tasks for this node in one statement: highest rank
     * first (see {@code talis_claim_order} in the schema), skipping rows other nodes are claiming.
     */
    public List<ClaimedTask> claim(int limit, Duration lease) throws SQLException {
        return jdbc.list(CLAIM, TaskLedger::claimedTask, node, (double) lease.toMillis(), limit);
    }

    /**
     * Claims like {@link #claim}, within caps per concurrency key: none of a key in {@code full},
     * at most {@code room.get(key)} of a key in {@code room}; uncapped keys as many as fit.
     */
    public List<ClaimedTask> claimWithin(int limit, Duration lease, Collection<String> full, Map<String, Integer> room)
            throws SQLException {
        List<String> keys = List.copyOf(room.keySet());
        return jdbc.list(CLAIM_WITHIN_CAPS, TaskLedger::claimedTask, node, (double) lease.toMillis(),
                Jdbc.sqlArray("text", List.copyOf(full)), limit * CANDIDATES_PER_CLAIM,
                Jdbc.sqlArray("text", keys), Jdbc.sqlArray("integer", keys.stream().map(room::get).toList()), limit);
    }

    // Plain getters: the server's pooled result set answers getObject(column, type) by reflection
    // on every call, a cost paid for every claimed task.
    private static ClaimedTask claimedTask(ResultSet row) throws SQLException {
        long instanceId = row.getLong("instance_id");
        Long instance = row.wasNull() ? null : instanceId;
        return new ClaimedTask(
                row.getLong("id"),
                row.getInt("attempts"),
                row.getString("action"),
                row.getString("payload"),
                row.getLong("owner_id"),
                row.getLong("project_id"),
                instance,
                row.getTimestamp("created_at").toInstant().atOffset(ZoneOffset.UTC),
                row.getString("concurrency_key"),
                Math.max(0, row.getLong("waited_ms")));
    }

    /** Ends an attempt in a final state; false if this node no longer holds the lease. */
    public boolean finish(Attempt attempt, TaskStatus status, String resultJson, String error, String logLine)
            throws SQLException {
        if (status != TaskStatus.COMPLETED && status != TaskStatus.FAILED && status != TaskStatus.TERMINATED) {
            throw new IllegalArgumentException("not a final status: " + status);
        }
        return jdbc.update(FINISH, status.dbValue(), resultJson, error, logLine,
                attempt.taskId(), attempt.attempt(), node) == 1;
    }

    /**
     * Completes these attempts in one statement and one commit (a group commit of the workers
     * that finished at about the same time); each row changes only if this node still holds that
     * attempt's lease, as with {@link #finish}. Returns the ids of the tasks completed.
     */
    public Set<Long> completeAll(Collection<Completion> completions) throws SQLException {
        if (completions.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.list(COMPLETE_ALL, row -> row.getLong(1), completionParams(completions)));
    }

    /**
     * {@link #completeAll} and {@link #claim} in one statement and one commit: the workers that
     * completed these attempts go on with the tasks claimed for them, without another round trip.
     */
    public CompletedAndClaimed completeAllAndClaim(Collection<Completion> completions, int limit, Duration lease)
            throws SQLException {
        Set<Long> completed = new HashSet<>();
        List<ClaimedTask> claimed = new ArrayList<>();
        Object[] params = Arrays.copyOf(completionParams(completions), 7);
        params[4] = node;
        params[5] = (double) lease.toMillis();
        params[6] = limit;
        jdbc.list(COMPLETE_ALL_AND_CLAIM, row -> row.getBoolean("completed")
                ? completed.add(row.getLong("id")) : claimed.add(claimedTask(row)), params);
        return new CompletedAndClaimed(completed, claimed);
    }

    private Object[] completionParams(Collection<Completion> completions) {
        List<Completion> byId = completions.stream()
                .sorted(Comparator.comparingLong(completion -> completion.attempt().taskId())).toList();
        return new Object[] {
            Jdbc.sqlArray("bigint", byId.stream().map(c -> c.attempt().taskId()).toList()),
            Jdbc.sqlArray("integer", byId.stream().map(c -> c.attempt().attempt()).toList()),
            Jdbc.sqlArray("text", byId.stream().map(Completion::resultJson).toList()),
            node};
    }

    /**
     * Records a failed attempt: back to pending after {@code delay}, or failed for good once the
     * task has had {@code maxAttempts} attempts. Empty if this node no longer holds the lease.
     */
    public Optional<TaskStatus> retryOrFail(Attempt attempt, String error, Duration delay, int maxAttempts)
            throws SQLException {
        String logLine = "attempt " + attempt.attempt() + " failed: " + error;
        return jdbc.single(RETRY_OR_FAIL, row -> TaskStatus.fromDb(row.getString(1)),
                maxAttempts, error, logLine, maxAttempts, (double) delay.toMillis(), maxAttempts,
                attempt.taskId(), attempt.attempt(), node);
    }

    /** Appends a line to the logs of a running attempt; false if the lease is gone. */
    public boolean appendLog(Attempt attempt, String line) throws SQLException {
        return jdbc.update(APPEND_LOG, line, attempt.taskId(), attempt.attempt(), node) == 1;
    }

    /** Heartbeat: extends the leases of these attempts in one statement; returns those still held. */
    public List<Renewal> renew(Collection<Attempt> attempts, Duration lease) throws SQLException {
        if (attempts.isEmpty()) {
            return List.of();
        }
        return jdbc.list(RENEW,
                row -> new Renewal(row.getLong(1), row.getInt(2), row.getBoolean(3)),
                (double) lease.toMillis(), ids(attempts), numbers(attempts), node);
    }

    /** Gives these attempts back to the queue at once, for any node to take; returns how many. */
    public int release(Collection<Attempt> attempts) throws SQLException {
        if (attempts.isEmpty()) {
            return 0;
        }
        return jdbc.update(RELEASE, ids(attempts), numbers(attempts), node);
    }

    /**
     * Takes back every running task whose lease has expired (its node died or hung): pending
     * again, or failed if it used up its attempts, or terminated if a cancel was requested.
     */
    public List<Recovery> recoverExpired(int maxAttempts) throws SQLException {
        return jdbc.list(RECOVER_EXPIRED,
                row -> new Recovery(row.getLong(1), TaskStatus.fromDb(row.getString(2))),
                maxAttempts, node, maxAttempts);
    }

    /**
     * Asks for a task to end: a pending task is terminated at once (the returned status is
     * terminated); a running one is flagged and its node stops it at the next step boundary (the
     * returned status is running). Empty if the task does not exist or has already finished.
     */
    public Optional<TaskStatus> requestCancel(long taskId) throws SQLException {
        return jdbc.single(REQUEST_CANCEL, row -> TaskStatus.fromDb(row.getString(1)), taskId);
    }

    /** How many tasks are runnable now and not claimed, counting at most {@code cap}. */
    public long runnableBacklog(int cap) throws SQLException {
        return jdbc.single("SELECT count(*) FROM (SELECT 1 FROM tasks WHERE status = 'pending' AND run_after <= now()"
                + " LIMIT ?) runnable", row -> row.getLong(1), cap).orElse(0L);
    }

    // The statements that change many rows take them in id order, so that two of them (a
    // heartbeat and a group of completions, say) never wait for each other in a cycle.
    private static Jdbc.SqlArray ids(Collection<Attempt> attempts) {
        return Jdbc.sqlArray("bigint", byId(attempts).stream().map(Attempt::taskId).toList());
    }

    private static Jdbc.SqlArray numbers(Collection<Attempt> attempts) {
        return Jdbc.sqlArray("integer", byId(attempts).stream().map(Attempt::attempt).toList());
    }

    private static List<Attempt> byId(Collection<Attempt> attempts) {
        return attempts.stream().sorted(Comparator.comparingLong(Attempt::taskId)).toList();
    }
}
