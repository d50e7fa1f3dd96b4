-- The outbox: one row per state change, written in the same transaction as the change. The sequence is assigned
-- by the leader, whose commits are serial and fenced by its epoch, so rows commit in sequence order and a reader
-- after N never misses a row that commits later with a smaller number. It is the primary key, so reading
-- "after N" is one index range. data is a small JSON object kept as text, like every document here.
CREATE TABLE events (
    sequence     BIGINT           NOT NULL PRIMARY KEY,
    type         TEXT COLLATE "C" NOT NULL,
    time         TIMESTAMPTZ      NOT NULL,
    execution_id TEXT COLLATE "C",
    subject      TEXT COLLATE "C",
    data         TEXT             NOT NULL
);
-- one execution's events, in order (GET /v1/events?execution=...)
CREATE INDEX events_by_execution ON events (execution_id, sequence);
