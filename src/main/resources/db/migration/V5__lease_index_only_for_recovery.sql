-- The lease index serves recovery (status running AND lease_expires_at < now()). With the old
-- predicate (status = 'running' alone) the planner also used it for the state changes of a
-- running attempt (WHERE id = ... AND status = 'running'): when statistics say few tasks run, it
-- scanned the whole index, including the entries of every task that ran since the last vacuum,
-- instead of looking the ids up by primary key (16 ms instead of 0.1 ms after 20,000 tasks).
-- Those statements do not say "lease_expires_at IS NOT NULL", so they can no longer use it.
DROP INDEX tasks_leases;
CREATE INDEX tasks_leases ON tasks (lease_expires_at) WHERE status = 'running' AND lease_expires_at IS NOT NULL;
