-- What a task competes for besides a worker (for instance tasks: their provider), so that the
-- engine can cap how many tasks per key run at once and report per-provider figures.
ALTER TABLE tasks ADD COLUMN concurrency_key text;
