-- Instants are epoch milliseconds; JSON documents are TEXT.

CREATE TABLE executions (
    id          TEXT    NOT NULL PRIMARY KEY,
    pipeline    TEXT    NOT NULL,
    inputs      TEXT,
    status      TEXT    NOT NULL,
    stages      TEXT    NOT NULL,
    error       TEXT,
    request_id  TEXT,
    created     INTEGER NOT NULL,
    updated     INTEGER NOT NULL
);
CREATE UNIQUE INDEX executions_by_request_id ON executions (request_id) WHERE request_id IS NOT NULL;
CREATE INDEX executions_by_created ON executions (created);

-- The implicit rowid orders jobs created in the same millisecond: it only grows while rows exist.
CREATE TABLE jobs (
    id               TEXT    NOT NULL PRIMARY KEY,
    type             TEXT    NOT NULL,
    payload          TEXT,
    priority         INTEGER NOT NULL,
    requires         TEXT,              -- null: no requirements
    retry            TEXT,              -- null: the default retry policy
    timeout_seconds  INTEGER NOT NULL,
    execution_id     TEXT,
    stage_id         TEXT,
    item_index       INTEGER NOT NULL,
    created          INTEGER NOT NULL,
    status           TEXT    NOT NULL,
    attempt          INTEGER NOT NULL,
    failures         INTEGER NOT NULL,
    lost_attempts    INTEGER NOT NULL,
    not_before       INTEGER,
    worker_id        TEXT,
    lease_expires_at INTEGER,
    deadline         INTEGER,
    result           TEXT,
    error            TEXT,
    updated          INTEGER NOT NULL
);
CREATE INDEX jobs_by_status ON jobs (status, created);
-- Jobs submitted straight to the queue have no execution: leaving them out keeps the index small.
CREATE INDEX jobs_by_execution ON jobs (execution_id, created) WHERE execution_id IS NOT NULL;
