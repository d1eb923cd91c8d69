package io.talis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.talis.testing.Fixtures;
import io.talis.testing.Sql;
import io.talis.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** The SQL of every task state change, against a real PostgreSQL. */
class TaskLedgerTest {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static TestDatabase database;

    private Sql sql;
    private Fixtures fixtures;
    private TaskLedger nodeA;
    private TaskLedger nodeB;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.fresh("ledger");
    }

    @BeforeEach
    void emptyQueue() {
        sql = database.sql();
        sql.update("TRUNCATE tasks, instances, projects, users RESTART IDENTITY CASCADE");
        fixtures = new Fixtures(sql);
        nodeA = new TaskLedger(database.dataSource(), "node-a");
        nodeB = new TaskLedger(database.dataSource(), "node-b");
    }

    @Test
    void claimMarksTasksRunningForThisNodeWithALeaseAndCountsTheAttempt() throws SQLException {
        long id = fixtures.task("noop", "{\"x\": 1}");

        List<ClaimedTask> claimed = nodeA.claim(5, LEASE);

        assertThat(claimed).singleElement().satisfies(task -> {
            assertThat(task.id()).isEqualTo(id);
            assertThat(task.attempt()).isEqualTo(1);
            assertThat(task.action()).isEqualTo("noop");
            assertThat(task.payloadJson()).isEqualTo("{\"x\": 1}");
        });
        Map<String, Object> row = task(id);
        assertThat(row.get("status")).isEqualTo("running");
        assertThat(row.get("claimed_by")).isEqualTo("node-a");
        assertThat(secondsUntil(row.get("lease_expires_at"))).isBetween(25.0, 31.0);
        assertThat(nodeB.claim(5, LEASE)).as("a running task is not claimed again").isEmpty();
    }

    @Test
    void claimTakesAtMostTheRequestedNumber() throws SQLException {
        fixtures.tasks(10, "noop", "{}");

        assertThat(nodeA.claim(3, LEASE)).hasSize(3);
        assertThat(nodeA.claim(100, LEASE)).hasSize(7);
        assertThat(nodeA.claim(100, LEASE)).isEmpty();
    }

    @Test
    void claimOrderIsHighPriorityThenErrorFreeThenOldest() throws SQLException {
        long lowOld = fixtures.task("noop", "{}", 2, null);
        long highWithError = fixtures.task("noop", "{}", 1, null);
        sql.update("UPDATE tasks SET error = 'earlier failure', run_after = now() - interval '1 second' WHERE id = ?", highWithError);
        long highOld = fixtures.task("noop", "{}", 1, null);
        long lowNew = fixtures.task("noop", "{}", 2, null);
        long highNew = fixtures.task("noop", "{}", 1, null);
        sql.update("UPDATE tasks SET run_after = run_after - (interval '1 ms' * (100 - id))");

        List<Long> order = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            order.add(nodeA.claim(1, LEASE).get(0).id());
        }

        assertThat(order).containsExactly(highOld, highNew, highWithError, lowOld, lowNew);
    }

    @Test
    void lowPriorityIsNotStarvedByAFloodOfHighPriority() throws SQLException {
        long waitingTerminate = fixtures.task("noop", "{}", 2, null);
        sql.update("UPDATE tasks SET run_after = now() - interval '2 minutes' WHERE id = ?", waitingTerminate);
        fixtures.tasks(50, "noop", "{}");

        assertThat(nodeA.claim(1, LEASE).get(0).id())
                .as("a low priority task that waited longer than its rank's delay goes before fresh high priority ones")
                .isEqualTo(waitingTerminate);
    }

    @Test
    void cappedKeysGiveAtMostTheirRoomAndOtherTasksKeepFlowing() throws SQLException {
        for (int i = 0; i < 5; i++) {
            fixtures.keyedTask("noop", "{}", "do");
        }
        for (int i = 0; i < 3; i++) {
            fixtures.keyedTask("noop", "{}", "ximera");
        }
        long uncapped = fixtures.task("noop", "{}");
        long other = fixtures.keyedTask("noop", "{}", "simulated");

        List<ClaimedTask> claimed = nodeA.claimWithin(10, LEASE, List.of("ximera"), Map.of("do", 2));

        assertThat(claimed).extracting(ClaimedTask::concurrencyKey)
                .containsExactlyInAnyOrder("do", "do", null, "simulated");
        assertThat(claimed).extracting(ClaimedTask::id).contains(uncapped, other);
        assertThat(nodeA.claimWithin(10, LEASE, List.of("do", "ximera"), Map.of())).isEmpty();
        assertThat(nodeA.claimWithin(10, LEASE, List.of("do"), Map.of("ximera", 1)))
                .extracting(ClaimedTask::concurrencyKey).containsExactly("ximera");
    }

    @Test
    void tasksWaitingForTheirRetryTimeAreSkipped() throws SQLException {
        long later = fixtures.task("noop", "{}");
        sql.update("UPDATE tasks SET run_after = now() + interval '1 hour' WHERE id = ?", later);
        long now = fixtures.task("noop", "{}");

        assertThat(nodeA.claim(10, LEASE)).extracting(ClaimedTask::id).containsExactly(now);
    }

    @Test
    void concurrentClaimsFromManyNodesNeverHandOutATaskTwice() throws Exception {
        int tasks = 2_000;
        fixtures.tasks(tasks, "noop", "{}");
        int nodes = 8;
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            TaskLedger ledger = new TaskLedger(database.dataSource(), "node-" + n);
            results.add(pool.submit(() -> {
                start.await();
                List<Long> mine = new ArrayList<>();
                List<ClaimedTask> batch;
                while (!(batch = ledger.claim(7, LEASE)).isEmpty()) {
                    batch.forEach(task -> mine.add(task.id()));
                }
                return mine;
            }));
        }
        start.countDown();
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> result : results) {
            all.addAll(result.get());
        }
        pool.shutdown();

        assertThat(all).hasSize(tasks).doesNotHaveDuplicates();
        assertThat(sql.number("SELECT count(*) FROM tasks WHERE status = 'running' AND attempts = 1")).isEqualTo(tasks);
    }

    @Test
    void finishIsFencedByNodeAttemptAndStatus() throws SQLException {
        long id = fixtures.task("noop", "{}");
        ClaimedTask claimed = nodeA.claim(1, LEASE).get(0);
        TaskLedger.Attempt attempt = new TaskLedger.Attempt(id, claimed.attempt());

        assertThat(nodeB.finish(attempt, TaskStatus.COMPLETED, null, null, "other node")).isFalse();
        assertThat(nodeA.finish(new TaskLedger.Attempt(id, 2), TaskStatus.COMPLETED, null, null, "stale attempt")).isFalse();
        assertThat(task(id).get("status")).isEqualTo("running");

        assertThat(nodeA.finish(attempt, TaskStatus.COMPLETED, "{\"ok\": true}", null, "done")).isTrue();
        assertThat(nodeA.finish(attempt, TaskStatus.FAILED, null, "late", "late write")).as("already final").isFalse();
        Map<String, Object> row = task(id);
        assertThat(row.get("status")).isEqualTo("completed");
        assertThat(row.get("result").toString()).isEqualTo("{\"ok\": true}");
        assertThat(row.get("lease_expires_at")).isNull();
        assertThat(row.get("finished_at")).isNotNull();
        assertThat(row.get("claimed_by")).as("the node of the last attempt stays recorded").isEqualTo("node-a");
    }

    @Test
    void completeAllCompletesManyInOneStatementEachFencedOnItsOwnAttempt() throws SQLException {
        fixtures.tasks(4, "noop", "{}");
        List<ClaimedTask> claimed = nodeA.claim(4, LEASE);
        TaskLedger.Attempt a = attemptOf(claimed.get(0));
        TaskLedger.Attempt b = attemptOf(claimed.get(1));
        TaskLedger.Attempt c = attemptOf(claimed.get(2));
        TaskLedger.Attempt staleD = new TaskLedger.Attempt(claimed.get(3).id(), claimed.get(3).attempt() + 1);
        assertThat(nodeA.finish(c, TaskStatus.FAILED, null, "failed first", "failed")).isTrue();

        assertThat(nodeB.completeAll(List.of(new TaskLedger.Completion(a, null)))).as("another node's lease").isEmpty();
        assertThat(nodeA.completeAll(List.of(
                new TaskLedger.Completion(b, "{\"n\": 2}"),
                new TaskLedger.Completion(a, null),
                new TaskLedger.Completion(c, "{}"),
                new TaskLedger.Completion(staleD, "{}"))))
                .containsExactlyInAnyOrder(a.taskId(), b.taskId());

        assertThat(task(a.taskId())).containsEntry("status", "completed").containsEntry("result", null);
        assertThat(task(a.taskId()).get("logs").toString()).endsWith("attempt 1 completed\n");
        assertThat(task(a.taskId()).get("finished_at")).isNotNull();
        assertThat(task(a.taskId()).get("lease_expires_at")).isNull();
        assertThat(task(b.taskId()).get("result").toString()).isEqualTo("{\"n\": 2}");
        assertThat(task(c.taskId())).as("already final").containsEntry("status", "failed");
        assertThat(task(staleD.taskId())).as("stale attempt").containsEntry("status", "running");
        assertThat(nodeA.completeAll(List.of())).isEmpty();
    }

    @Test
    void completeAllAndClaimCompletesAndClaimsTheNextTasksInOneStatement() throws SQLException {
        fixtures.tasks(2, "noop", "{}");
        List<ClaimedTask> first = nodeA.claim(2, LEASE);
        long waiting = fixtures.task("next", "{\"n\": 1}");
        TaskLedger.Attempt stale = new TaskLedger.Attempt(first.get(1).id(), first.get(1).attempt() + 1);

        TaskLedger.CompletedAndClaimed result = nodeA.completeAllAndClaim(List.of(
                new TaskLedger.Completion(attemptOf(first.get(0)), "{}"), new TaskLedger.Completion(stale, "{}")), 5, LEASE);

        assertThat(result.completed()).containsExactly(first.get(0).id());
        assertThat(result.claimed()).singleElement().satisfies(task -> {
            assertThat(task.id()).isEqualTo(waiting);
            assertThat(task.attempt()).isEqualTo(1);
            assertThat(task.action()).isEqualTo("next");
            assertThat(task.payloadJson()).isEqualTo("{\"n\": 1}");
        });
        assertThat(task(first.get(0).id())).containsEntry("status", "completed");
        assertThat(task(first.get(1).id())).as("stale attempt").containsEntry("status", "running");
        assertThat(task(waiting)).containsEntry("status", "running").containsEntry("claimed_by", "node-a");
        assertThat(nodeA.completeAllAndClaim(List.of(), 0, LEASE).claimed()).isEmpty();
    }

    @Test
    void aZombieAttemptCannotOverwriteTheAttemptThatRecoveredItsTask() throws SQLException {
        long id = fixtures.task("noop", "{}");
        TaskLedger.Attempt zombie = attemptOf(nodeA.claim(1, LEASE).get(0));
        expireLease(id);
        assertThat(nodeB.recoverExpired(10)).extracting(TaskLedger.Recovery::status).containsExactly(TaskStatus.PENDING);
        TaskLedger.Attempt current = attemptOf(nodeA.claim(1, LEASE).get(0));
        assertThat(current.attempt()).isEqualTo(2);

        assertThat(nodeA.finish(zombie, TaskStatus.COMPLETED, null, null, "zombie")).isFalse();
        assertThat(nodeA.retryOrFail(zombie, "zombie failure", Duration.ZERO, 10)).isEmpty();
        assertThat(nodeA.appendLog(zombie, "zombie line")).isFalse();
        assertThat(task(id).get("status")).isEqualTo("running");
        assertThat(task(id).get("logs").toString()).doesNotContain("zombie");

        assertThat(nodeA.finish(current, TaskStatus.COMPLETED, null, null, "done")).isTrue();
    }

    @Test
    void aFailedAttemptGoesBackToPendingWithBackoffThenFailsForGoodAtTheLimit() throws SQLException {
        long id = fixtures.task("noop", "{}");
        TaskLedger.Attempt first = attemptOf(nodeA.claim(1, LEASE).get(0));

        assertThat(nodeA.retryOrFail(first, "boom 1", Duration.ofSeconds(20), 2)).contains(TaskStatus.PENDING);
        Map<String, Object> row = task(id);
        assertThat(row.get("error")).isEqualTo("boom 1");
        assertThat(row.get("lease_expires_at")).isNull();
        assertThat(secondsUntil(row.get("run_after"))).isBetween(18.0, 21.0);
        assertThat(nodeA.claim(1, LEASE)).as("not before its retry time").isEmpty();

        sql.update("UPDATE tasks SET run_after = now() WHERE id = ?", id);
        TaskLedger.Attempt second = attemptOf(nodeA.claim(1, LEASE).get(0));
        assertThat(nodeA.retryOrFail(second, "boom 2", Duration.ofSeconds(20), 2)).contains(TaskStatus.FAILED);
        row = task(id);
        assertThat(row.get("status")).isEqualTo("failed");
        assertThat(row.get("error")).isEqualTo("boom 2");
        assertThat(row.get("attempts")).isEqualTo(2);
        assertThat(row.get("finished_at")).isNotNull();
        assertThat(row.get("logs").toString()).contains("attempt 1 failed: boom 1").contains("attempt 2 failed: boom 2");
    }

    @Test
    void expiredLeasesAreRecoveredOnlyOnceAndOnlyWhenExpired() throws SQLException {
        long expired = fixtures.task("noop", "{}");
        long alive = fixtures.task("noop", "{}");
        nodeA.claim(2, LEASE);
        expireLease(expired);

        List<TaskLedger.Recovery> recovered = nodeB.recoverExpired(10);

        assertThat(recovered).containsExactly(new TaskLedger.Recovery(expired, TaskStatus.PENDING));
        assertThat(nodeB.recoverExpired(10)).isEmpty();
        assertThat(task(alive).get("status")).isEqualTo("running");
        Map<String, Object> row = task(expired);
        assertThat(row.get("error")).isEqualTo("lease of node-a expired during attempt 1");
        assertThat(row.get("logs").toString()).contains("recovered by node-b");
        assertThat(nodeB.claim(5, LEASE)).extracting(ClaimedTask::id).containsExactly(expired);
    }

    @Test
    void recoveryFailsATaskThatUsedUpItsAttemptsAndTerminatesACancelledOne() throws SQLException {
        long exhausted = fixtures.task("noop", "{}");
        long cancelled = fixtures.task("noop", "{}");
        nodeA.claim(2, LEASE);
        nodeA.requestCancel(cancelled);
        sql.update("UPDATE tasks SET lease_expires_at = now() - interval '1 second'");

        assertThat(nodeB.recoverExpired(1)).containsExactlyInAnyOrder(
                new TaskLedger.Recovery(exhausted, TaskStatus.FAILED),
                new TaskLedger.Recovery(cancelled, TaskStatus.TERMINATED));
    }

    @Test
    void heartbeatRenewsHeldLeasesReportsCancellationAndOmitsLostOnes() throws SQLException {
        fixtures.tasks(3, "noop", "{}");
        List<TaskLedger.Attempt> held = nodeA.claim(3, Duration.ofSeconds(5)).stream().map(TaskLedgerTest::attemptOf).toList();
        nodeA.requestCancel(held.get(1).taskId());
        sql.update("UPDATE tasks SET status = 'completed' WHERE id = ?", held.get(2).taskId());

        List<TaskLedger.Renewal> renewals = nodeA.renew(held, LEASE);

        assertThat(renewals).containsExactlyInAnyOrder(
                new TaskLedger.Renewal(held.get(0).taskId(), 1, false),
                new TaskLedger.Renewal(held.get(1).taskId(), 1, true));
        assertThat(secondsUntil(task(held.get(0).taskId()).get("lease_expires_at"))).isBetween(25.0, 31.0);
        assertThat(nodeB.renew(held, LEASE)).as("another node cannot renew them").isEmpty();
    }

    @Test
    void releaseGivesClaimsBackForAnyNodeAtOnce() throws SQLException {
        fixtures.tasks(2, "noop", "{}");
        List<TaskLedger.Attempt> held = nodeA.claim(2, LEASE).stream().map(TaskLedgerTest::attemptOf).toList();

        assertThat(nodeB.release(held)).as("only the lease owner releases").isZero();
        assertThat(nodeA.release(held)).isEqualTo(2);

        assertThat(sql.number("SELECT count(*) FROM tasks WHERE status = 'pending' AND lease_expires_at IS NULL")).isEqualTo(2);
        assertThat(nodeB.claim(5, LEASE)).hasSize(2).allSatisfy(task -> assertThat(task.attempt()).isEqualTo(2));
    }

    @Test
    void cancelTerminatesAPendingTaskAtOnceAndFlagsARunningOne() throws SQLException {
        long pending = fixtures.task("noop", "{}");
        long running = fixtures.task("noop", "{}");
        sql.update("UPDATE tasks SET status = 'running', attempts = 1, claimed_by = 'node-a',"
                + " lease_expires_at = now() + interval '1 minute' WHERE id = ?", running);
        long done = fixtures.task("noop", "{}");
        sql.update("UPDATE tasks SET status = 'completed' WHERE id = ?", done);

        assertThat(nodeA.requestCancel(pending)).contains(TaskStatus.TERMINATED);
        assertThat(nodeA.requestCancel(running)).contains(TaskStatus.RUNNING);
        assertThat(nodeA.requestCancel(done)).isEmpty();
        assertThat(nodeA.requestCancel(999_999)).isEmpty();

        assertThat(task(pending).get("status")).isEqualTo("terminated");
        assertThat(task(pending).get("finished_at")).isNotNull();
        assertThat(task(running)).containsEntry("status", "running").containsEntry("cancel_requested", true);
        assertThat(nodeA.claim(5, LEASE)).isEmpty();
    }

    @Test
    void logsKeepOnlyTheirLast64KiB() throws SQLException {
        long id = fixtures.task("noop", "{}");
        TaskLedger.Attempt attempt = attemptOf(nodeA.claim(1, LEASE).get(0));
        String line = "x".repeat(1000);
        for (int i = 0; i < 80; i++) {
            nodeA.appendLog(attempt, i + " " + line);
        }
        nodeA.appendLog(attempt, "the last line");

        String logs = task(id).get("logs").toString();
        assertThat(logs).hasSize(65_536).endsWith("the last line\n");
    }

    @Test
    void enqueueAndReleaseAndCancelAreAnnouncedToListeningNodes() throws Exception {
        try (Connection listener = database.dataSource().getConnection(); Statement statement = listener.createStatement()) {
            statement.execute("LISTEN talis_tasks; LISTEN talis_task_cancel");
            PGConnection notifications = listener.unwrap(PGConnection.class);

            fixtures.tasks(100, "noop", "{}");
            assertThat(channels(notifications)).as("one insert statement, one wake-up").containsExactly("talis_tasks");

            List<TaskLedger.Attempt> held = nodeA.claim(2, LEASE).stream().map(TaskLedgerTest::attemptOf).toList();
            assertThat(channels(notifications)).as("claims are silent").isEmpty();
            nodeA.release(List.of(held.get(0)));
            assertThat(channels(notifications)).containsExactly("talis_tasks");
            nodeA.requestCancel(held.get(1).taskId());
            PGNotification[] cancel = notifications.getNotifications(2000);
            assertThat(cancel).extracting(PGNotification::getName, PGNotification::getParameter)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("talis_task_cancel", String.valueOf(held.get(1).taskId())));
        }
    }

    @Test
    void theClaimUsesThePartialIndexHoweverManyFinishedTasksExist() {
        sql.update("""
                INSERT INTO tasks (owner_id, project_id, action, status, finished_at)
                SELECT ?, ?, 'noop', 'completed', now() FROM generate_series(1, 200000)""",
                fixtures.ownerId(), fixtures.projectId());
        fixtures.tasks(10, "noop", "{}");
        sql.update("ANALYZE tasks");

        String plan = String.join("\n", sql.rows("EXPLAIN SELECT id FROM tasks WHERE status = 'pending'"
                + " AND run_after <= now() ORDER BY claim_order LIMIT 5 FOR UPDATE SKIP LOCKED")
                .stream().map(row -> row.values().iterator().next().toString()).toList());

        assertThat(plan).contains("tasks_claimable").doesNotContain("Seq Scan");
    }

    private static List<String> channels(PGConnection notifications) throws SQLException {
        PGNotification[] received = notifications.getNotifications(300);
        if (received == null) {
            return Collections.emptyList();
        }
        return java.util.Arrays.stream(received).map(PGNotification::getName).toList();
    }

    private static TaskLedger.Attempt attemptOf(ClaimedTask task) {
        return new TaskLedger.Attempt(task.id(), task.attempt());
    }

    private void expireLease(long id) {
        sql.update("UPDATE tasks SET lease_expires_at = now() - interval '1 second' WHERE id = ?", id);
    }

    private Map<String, Object> task(long id) {
        return sql.row("SELECT * FROM tasks WHERE id = ?", id);
    }

    private static double secondsUntil(Object timestamp) {
        OffsetDateTime at = timestamp instanceof OffsetDateTime odt ? odt
                : ((java.sql.Timestamp) timestamp).toInstant().atOffset(java.time.ZoneOffset.UTC);
        return Duration.between(OffsetDateTime.now(), at).toMillis() / 1000.0;
    }
}
