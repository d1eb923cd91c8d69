package io.talis.engine;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Group commit of completions: a worker whose task completed joins the completions that other
 * workers record at the same moment, and one of them writes the whole group in one statement
 * ({@link TaskLedger#completeAll}) while the others wait for it. A lone completion is written at
 * once; under load, one commit records many tasks instead of one each. Every row is still fenced
 * on its own attempt and lease owner, and every worker learns whether its own completion was
 * recorded, or gets the error, before it moves on.
 *
 * <p>The same statement claims a next task for every member that asks for one
 * ({@link TaskLedger#completeAllAndClaim}), so that a busy worker goes from one task to the next
 * with one round trip and one commit, and without waiting for a dispatcher round.
 *
 * <p>One group is written at a time, by a ledger on a connection of its own. A worker that
 * arrives while the writer is free becomes the leader: it gathers a group (everything waiting)
 * and writes it. Otherwise it waits, and when a write ends, the first worker waiting leads the
 * next group, while the workers just written learn their outcomes. No worker writes more than one
 * group, so none is held up by the others' work for longer than one statement. (Two writers on
 * two connections were measured and lost: at 16 workers 7,941 against 8,532 no-op tasks/s, at 64
 * 10,239 against 11,579, since the second splits the groups; at 4 workers and on the IO-bound
 * figure no difference beyond the spread. 30,000 tasks, one run each.)
 *
 * <p>While tasks are shorter than a write, the leader first waits, at most half a write, until
 * every worker running a task is waiting. Otherwise the workers settle into
 * halves (one half written while the other waits, the first back before the second is written),
 * and each write records half of them; the short wait lets one write record them all. Tasks
 * longer than a write never wait for one another. Measured with the benchmark's drains
 * (docs/benchmarks.md).
 */
final class GroupCommit {

    /** What became of a member's completion, and the task claimed for it (if it asked and one was waiting). */
    record Outcome(boolean recorded, Optional<ClaimedTask> next, long claimStartedNanos) {
    }

    /** Weight of the newest sample in the moving averages of task and write times. */
    private static final double NEWEST = 1.0 / 8;

    private final TaskLedger writer;
    private final Duration lease;
    private final IntSupplier busyWorkers;
    private final Object lock = new Object();
    // Guarded by lock:
    private List<Member> waiting = new ArrayList<>();
    private boolean writerFree = true;
    /** Moving averages, 0 until measured. */
    private double taskNanos;
    private double writeNanos;

    /**
     * {@code writer}: a ledger on a connection of its own; {@code busyWorkers}: how many workers
     * run a task now, those recording its outcome included.
     */
    GroupCommit(TaskLedger writer, Duration lease, IntSupplier busyWorkers) {
        this.writer = writer;
        this.lease = lease;
        this.busyWorkers = busyWorkers;
    }

    /**
     * Records a completion of a task that ran {@code ranNanos} (not recorded if this node no
     * longer held the attempt's lease) and, if {@code wantsNext}, claims a next task for the
     * worker. Blocks until written.
     */
    Outcome complete(TaskLedger.Completion completion, long ranNanos, boolean wantsNext) throws SQLException {
        Member me = new Member(completion, wantsNext);
        boolean leads;
        synchronized (lock) {
            taskNanos = average(taskNanos, ranNanos);
            waiting.add(me);
            leads = writerFree;
            if (leads) {
                writerFree = false;
            } else {
                lock.notifyAll(); // the leader may be gathering
            }
        }
        if (leads || me.awaitLeadOrOutcome()) {
            write(gather());
        }
        return me.outcome();
    }

    /** The leader takes its group, after waiting for the busy workers if tasks are short (see the class comment). */
    private List<Member> gather() {
        synchronized (lock) {
            if (taskNanos < writeNanos) {
                long deadline = System.nanoTime() + (long) (writeNanos / 2);
                long left;
                while (waiting.size() < busyWorkers.getAsInt()
                        && (left = deadline - System.nanoTime()) > 0) {
                    try {
                        TimeUnit.NANOSECONDS.timedWait(lock, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            List<Member> group = waiting;
            waiting = new ArrayList<>();
            return group;
        }
    }

    private void write(List<Member> group) {
        long startedNanos = System.nanoTime();
        TaskLedger.CompletedAndClaimed written = null;
        SQLException failure = null;
        try {
            List<TaskLedger.Completion> completions = group.stream().map(member -> member.completion).toList();
            int wanted = (int) group.stream().filter(member -> member.wantsNext).count();
            written = wanted == 0
                    ? new TaskLedger.CompletedAndClaimed(writer.completeAll(completions), List.of())
                    : writer.completeAllAndClaim(completions, wanted, lease);
        } catch (SQLException | RuntimeException e) {
            failure = e instanceof SQLException sql ? sql : new SQLException(e);
        } finally {
            // The writer is free: the next group can be written while this one learns its outcomes.
            passOn(System.nanoTime() - startedNanos);
        }
        if (failure != null) {
            SQLException error = failure;
            group.forEach(member -> member.settle(null, error));
            return;
        }
        Iterator<ClaimedTask> claimed = written.claimed().iterator();
        for (Member member : group) {
            Optional<ClaimedTask> next = member.wantsNext && claimed.hasNext() ? Optional.of(claimed.next()) : Optional.empty();
            member.settle(new Outcome(written.completed().contains(member.completion.attempt().taskId()), next, startedNanos), null);
        }
    }

    /** Ends a write: the first worker waiting leads the next group. */
    private void passOn(long tookNanos) {
        Member next = null;
        synchronized (lock) {
            writeNanos = average(writeNanos, tookNanos);
            if (waiting.isEmpty()) {
                writerFree = true;
            } else {
                next = waiting.get(0);
            }
        }
        if (next != null) {
            next.lead();
        }
    }

    private static double average(double average, long sample) {
        return average == 0 ? sample : average + NEWEST * (sample - average);
    }

    /** One worker's completion, and what became of it. */
    private static final class Member {
        private final TaskLedger.Completion completion;
        private final boolean wantsNext;
        private boolean leads;
        private boolean settled;
        private Outcome outcome;
        private SQLException failure;

        Member(TaskLedger.Completion completion, boolean wantsNext) {
            this.completion = completion;
            this.wantsNext = wantsNext;
        }

        /** Makes this waiting member the leader of the next group. */
        synchronized void lead() {
            leads = true;
            notifyAll();
        }

        synchronized void settle(Outcome written, SQLException error) {
            settled = true;
            outcome = written;
            failure = error;
            notifyAll();
        }

        /** Waits until this member leads the next group (true) or its completion was written by another (false). */
        synchronized boolean awaitLeadOrOutcome() {
            boolean interrupted = false;
            while (!leads && !settled) {
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
            return !settled;
        }

        synchronized Outcome outcome() throws SQLException {
            if (failure != null) {
                throw failure;
            }
            return outcome;
        }
    }
}
