-- The outbox: one row per state change, written in the same transaction as the change. The sequence is assigned
-- by the leader (store-wide, strictly increasing, no gaps) and is the primary key, so reading "after N" is one
-- index range. time is epoch milliseconds, as every instant here; data is a small JSON object.
CREATE TABLE events (
    sequence     INTEGER NOT NULL PRIMARY KEY,
    type         TEXT    NOT NULL,
    time         INTEGER NOT NULL,
    execution_id TEXT,
    subject      TEXT,
    data         TEXT    NOT NULL
);
-- one execution's events, in order (GET /v1/events?execution=...)
CREATE INDEX events_by_execution ON events (execution_id, sequence);
