package io.talis.engine;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Group commit of completions: a worker whose task completed joins the completions that other
 * workers record at the same moment, and one of them writes the whole group in one statement
 * ({@link TaskLedger#completeAll}) while the others wait for it. A lone completion is written at
 * once, as before; under load, one commit records many tasks instead of one each. Every row is
 * still fenced on its own attempt and lease owner, and every worker learns whether its own
 * completion was recorded, or gets the error, before it moves on.
 *
 * <p>The same statement claims a next task for every member that asks for one
 * ({@link TaskLedger#completeAllAndClaim}), so that a busy worker goes from one task to the next
 * with one round trip and one commit, and without waiting for a dispatcher round.
 *
 * <p>Up to {@value #WRITERS} group is written at a time. A worker that arrives while none is
 * being written writes its completion (with whatever else waits) at once; otherwise it waits, and
 * when the write ends, the first worker waiting writes everything that waits. No worker writes
 * more than one group, so none is held up by the others' work for longer than one statement.
 */
final class GroupCommit {

    /** What became of a member's completion, and the task claimed for it (if it asked and one was waiting). */
    record Outcome(boolean recorded, Optional<ClaimedTask> next, long claimStartedNanos) {
    }

    /**
     * Groups written at once. Measured with the benchmark's drain (20,000 no-op tasks): one writer
     * beat four at 4 workers (2,350 vs 1,990 tasks/s) and at 16 (7,300 vs 5,100), since larger
     * groups cost the database less than the statements they save; again once the writer had a
     * connection of its own (30,000 tasks): one beat two at 4 workers (3,608 vs 3,049) and at 16
     * (8,163 vs 6,783).
     */
    static final int WRITERS = 1;

    private final TaskLedger ledger;
    private final Duration lease;
    private final Object lock = new Object();
    private List<Member> waiting = new ArrayList<>();
    private int writers;

    GroupCommit(TaskLedger ledger, Duration lease) {
        this.ledger = ledger;
        this.lease = lease;
    }

    /**
     * Records a completion (not recorded if this node no longer held the attempt's lease) and,
     * if {@code wantsNext}, claims a next task for the worker. Blocks until written.
     */
    Outcome complete(TaskLedger.Completion completion, boolean wantsNext) throws SQLException {
        Member me = new Member(completion, wantsNext);
        List<Member> group = null;
        synchronized (lock) {
            waiting.add(me);
            if (writers < WRITERS) {
                writers++;
                group = takeWaiting();
            }
        }
        if (group == null) {
            group = me.awaitGroupOrOutcome();
        }
        if (group != null) {
            write(group);
        }
        return me.outcome();
    }

    private List<Member> takeWaiting() {
        List<Member> group = waiting;
        waiting = new ArrayList<>();
        return group;
    }

    private void write(List<Member> group) {
        try {
            List<TaskLedger.Completion> completions = group.stream().map(member -> member.completion).toList();
            int wanted = (int) group.stream().filter(member -> member.wantsNext).count();
            long startedNanos = System.nanoTime();
            TaskLedger.CompletedAndClaimed written = wanted == 0
                    ? new TaskLedger.CompletedAndClaimed(ledger.completeAll(completions), List.of())
                    : ledger.completeAllAndClaim(completions, wanted, lease);
            Iterator<ClaimedTask> claimed = written.claimed().iterator();
            for (Member member : group) {
                Optional<ClaimedTask> next = member.wantsNext && claimed.hasNext() ? Optional.of(claimed.next()) : Optional.empty();
                member.settle(new Outcome(written.completed().contains(member.completion.attempt().taskId()), next, startedNanos), null);
            }
        } catch (SQLException | RuntimeException e) {
            SQLException failure = e instanceof SQLException sql ? sql : new SQLException(e);
            group.forEach(member -> member.settle(null, failure));
        } finally {
            Member next = null;
            List<Member> nextGroup = null;
            synchronized (lock) {
                if (waiting.isEmpty()) {
                    writers--;
                } else {
                    next = waiting.get(0);
                    nextGroup = takeWaiting();
                }
            }
            if (next != null) {
                next.lead(nextGroup);
            }
        }
    }

    /** One worker's completion, and what became of it. */
    private static final class Member {
        private final TaskLedger.Completion completion;
        private final boolean wantsNext;
        private List<Member> group;
        private boolean settled;
        private Outcome outcome;
        private SQLException failure;

        Member(TaskLedger.Completion completion, boolean wantsNext) {
            this.completion = completion;
            this.wantsNext = wantsNext;
        }

        /** Hands this member a group to write (it is the group's first member). */
        synchronized void lead(List<Member> toWrite) {
            group = toWrite;
            notifyAll();
        }

        synchronized void settle(Outcome written, SQLException error) {
            settled = true;
            outcome = written;
            failure = error;
            notifyAll();
        }

        /** Waits until this member must write a group (returned) or its completion was written by another (null). */
        synchronized List<Member> awaitGroupOrOutcome() {
            boolean interrupted = false;
            while (group == null && !settled) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    // The write is on its way and the worker must learn its outcome: wait it out.
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return settled ? null : group;
        }

        synchronized Outcome outcome() throws SQLException {
            if (failure != null) {
                throw failure;
            }
            return outcome;
        }
    }
}
