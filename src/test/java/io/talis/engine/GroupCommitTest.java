package io.talis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.talis.testing.Fixtures;
import io.talis.testing.Sql;
import io.talis.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Completions recorded together: every worker learns its own outcome, none is lost or mixed up. */
class GroupCommitTest {

    private static final Duration LEASE = Duration.ofSeconds(30);

    @Test
    void workersCompletingAtOnceAreAllRecordedAndEachLearnsItsOwnOutcome() throws Exception {
        TestDatabase database = TestDatabase.fresh("group_commit");
        Sql sql = database.sql();
        new Fixtures(sql).tasks(400, "noop", "{}");
        TaskLedger ledger = new TaskLedger(database.dataSource(), "node-a");
        List<ClaimedTask> claimed = ledger.claim(400, LEASE);
        GroupCommit group = new GroupCommit(ledger, LEASE);
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
                return group.complete(new TaskLedger.Completion(new TaskLedger.Attempt(task.id(), attempt), "{\"i\": 1}"), false)
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
        GroupCommit group = new GroupCommit(ledger, LEASE);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<GroupCommit.Outcome>> outcomes = new ArrayList<>();
        for (ClaimedTask task : running) {
            outcomes.add(pool.submit(() -> group.complete(
                    new TaskLedger.Completion(new TaskLedger.Attempt(task.id(), task.attempt()), null), true)));
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
}
