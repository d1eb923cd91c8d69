package io.talis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.talis.testing.Fixtures;
import io.talis.testing.Sql;
import io.talis.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Completions recorded together: every worker learns its own outcome, none is lost or mixed up;
 * while tasks are shorter than a write, the busy workers are gathered into one write.
 */
class GroupCommitTest {

    private static final Duration LEASE = Duration.ofSeconds(30);

    @Test
    void workersCompletingAtOnceAreAllRecordedAndEachLearnsItsOwnOutcome() throws Exception {
        TestDatabase database = TestDatabase.fresh("group_commit");
        Sql sql = database.sql();
        new Fixtures(sql).tasks(400, "noop", "{}");
        TaskLedger ledger = new TaskLedger(database.dataSource(), "node-a");
        List<ClaimedTask> claimed = ledger.claim(400, LEASE);
        GroupCommit group = new GroupCommit(ledger, LEASE, () -> 0);
        int workers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> outcomes = new ArrayList<>();
        for (int i = 0; i < claimed.size(); i++) {
            ClaimedTask task = claimed.get(i);
            // Every tenth completion names an attempt this node does not hold.
            int attempt = i % 10 == 0 ? task.attempt() + 1 : task.attempt();
            outcomes.add(pool.submit(() -> {
                start.await();
                return group.complete(new TaskLedger.Completion(new TaskLedger.Attempt(task.id(), attempt), "{\"i\": 1}"), 0, false)
                        .recorded();
            }));
        }
        start.countDown();

        for (int i = 0; i < outcomes.size(); i++) {
            assertThat(outcomes.get(i).get()).as("completion " + i).isEqualTo(i % 10 != 0);
        }
        pool.shutdown();
        assertThat(sql.number("SELECT count(*) FROM tasks WHERE status = 'completed'")).isEqualTo(360);
        assertThat(sql.number("SELECT count(*) FROM tasks WHERE status = 'running'")).isEqualTo(40);
    }

    @Test
    void membersThatAskForANextTaskGetOneEachWhileTasksAreWaiting() throws Exception {
        TestDatabase database = TestDatabase.fresh("group_commit_claims");
        Sql sql = database.sql();
        Fixtures fixtures = new Fixtures(sql);
        fixtures.tasks(40, "noop", "{}");
        TaskLedger ledger = new TaskLedger(database.dataSource(), "node-a");
        List<ClaimedTask> running = ledger.claim(40, LEASE);
        fixtures.tasks(25, "waiting", "{}");
        GroupCommit group = new GroupCommit(ledger, LEASE, () -> 0);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<GroupCommit.Outcome>> outcomes = new ArrayList<>();
        for (ClaimedTask task : running) {
            outcomes.add(pool.submit(() -> group.complete(
                    new TaskLedger.Completion(new TaskLedger.Attempt(task.id(), task.attempt()), null), 0, true)));
        }

        List<Long> next = new ArrayList<>();
        for (Future<GroupCommit.Outcome> outcome : outcomes) {
            assertThat(outcome.get().recorded()).isTrue();
            outcome.get().next().ifPresent(task -> next.add(task.id()));
        }
        pool.shutdown();
        assertThat(next).as("one next task for each of the first 25 to ask").hasSize(25).doesNotHaveDuplicates();
        assertThat(sql.number("SELECT count(*) FROM tasks WHERE action = 'waiting' AND status = 'running'"
                + " AND claimed_by = 'node-a' AND attempts = 1 AND lease_expires_at > now()")).isEqualTo(25);
        assertThat(sql.number("SELECT count(*) FROM tasks WHERE action = 'noop' AND status = 'completed'")).isEqualTo(40);
    }

    @Test
    void whileTasksAreShorterThanAWriteTheBusyWorkersAreWrittenTogether() throws Exception {
        GroupCommitRig rig = new GroupCommitRig("group_commit_gather");
        // Writes take about 300 ms here, tasks 1 µs: the leader waits up to 150 ms for the other busy workers.
        rig.primeWithSlowWrite();
        Future<GroupCommit.Outcome> first = rig.completeAfter(0, 1_000);
        Future<GroupCommit.Outcome> second = rig.completeAfter(20, 1_000);
        Future<GroupCommit.Outcome> third = rig.completeAfter(40, 1_000);

        assertThat(List.of(first.get(), second.get(), third.get())).allSatisfy(outcome -> {
            assertThat(outcome.recorded()).isTrue();
            assertThat(outcome.claimStartedNanos()).as("one write for all three").isEqualTo(first.get().claimStartedNanos());
        });
        rig.close();
    }

    @Test
    void tasksLongerThanAWriteDoNotWaitForOneAnother() throws Exception {
        GroupCommitRig rig = new GroupCommitRig("group_commit_no_gather");
        rig.primeWithSlowWrite();
        long tenSeconds = TimeUnit.SECONDS.toNanos(10);
        Future<GroupCommit.Outcome> first = rig.completeAfter(0, tenSeconds);
        GroupCommit.Outcome alone = first.get(5, TimeUnit.SECONDS);
        Future<GroupCommit.Outcome> second = rig.completeAfter(0, tenSeconds);

        assertThat(alone.recorded()).isTrue();
        assertThat(second.get().recorded()).isTrue();
        assertThat(second.get().claimStartedNanos()).as("written apart").isNotEqualTo(alone.claimStartedNanos());
        rig.close();
    }

    /** Three running tasks on a node of three busy workers, and one more whose write is made slow to measure writes as slow. */
    private static final class GroupCommitRig {
        private final TestDatabase database;
        private final List<ClaimedTask> running;
        private final GroupCommit group;
        private final ExecutorService workers = Executors.newFixedThreadPool(4);
        private int next;

        GroupCommitRig(String name) throws Exception {
            database = TestDatabase.fresh(name);
            new Fixtures(database.sql()).tasks(4, "noop", "{}");
            TaskLedger ledger = new TaskLedger(database.dataSource(), "node-a");
            running = ledger.claim(4, LEASE);
            group = new GroupCommit(ledger, LEASE, () -> 3);
        }

        /** Completes the first task while another transaction holds its row for 300 ms. */
        void primeWithSlowWrite() throws Exception {
            ClaimedTask task = running.get(next++);
            try (Connection holder = database.dataSource().getConnection()) {
                holder.setAutoCommit(false);
                try (PreparedStatement lock = holder.prepareStatement("SELECT 1 FROM tasks WHERE id = ? FOR UPDATE")) {
                    lock.setLong(1, task.id());
                    lock.executeQuery().close();
                }
                Future<GroupCommit.Outcome> slow = workers.submit(() -> group.complete(completionOf(task), 1_000, false));
                Thread.sleep(300);
                holder.commit();
                assertThat(slow.get().recorded()).isTrue();
            }
        }

        /** Completes the next running task after {@code delayMillis}, as a task that ran {@code ranNanos}. */
        Future<GroupCommit.Outcome> completeAfter(long delayMillis, long ranNanos) {
            ClaimedTask task = running.get(next++);
            return workers.submit(() -> {
                Thread.sleep(delayMillis);
                return group.complete(completionOf(task), ranNanos, false);
            });
        }

        private static TaskLedger.Completion completionOf(ClaimedTask task) {
            return new TaskLedger.Completion(new TaskLedger.Attempt(task.id(), task.attempt()), null);
        }

        void close() {
            workers.shutdownNow();
        }
    }
}
