-- The whole schema at version 10, for a NEW file only (SqliteOpener.createCurrentSchema): one script in one
-- transaction instead of starting Flyway. It must describe exactly what the migrations in db/sqlite build:
-- SqliteNewFileSchemaTest compares the two, table by table and index by index. A new migration changes both this
-- file (rename it to the new version) and SqliteOpener.SCHEMA_VERSION. Instants are epoch milliseconds; JSON
-- documents are TEXT.

CREATE TABLE executions (
    id               TEXT    NOT NULL PRIMARY KEY,
    status           TEXT    NOT NULL,
    error            TEXT,
    request_id       TEXT,
    created          INTEGER NOT NULL,
    updated          INTEGER NOT NULL,
    pipeline_id      TEXT,
    pipeline_version INTEGER
);

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
, placement_strategy TEXT, affinity_key TEXT);

CREATE TABLE pipelines (
    id          TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    definition  TEXT    NOT NULL,
    created     INTEGER NOT NULL,
    PRIMARY KEY (id, version)
);

CREATE TABLE checkpoints (
    execution_id  TEXT    NOT NULL,
    checkpoint_id TEXT    NOT NULL,
    stage_id      TEXT,
    metadata      TEXT,
    created       INTEGER NOT NULL,
    PRIMARY KEY (execution_id, checkpoint_id)
);

CREATE TABLE locks (
    resource      TEXT    NOT NULL PRIMARY KEY,
    lock_id       TEXT    NOT NULL,
    owner         TEXT    NOT NULL,
    fencing_token INTEGER NOT NULL,
    acquired      INTEGER NOT NULL,
    expires       INTEGER NOT NULL
);

CREATE TABLE lock_tokens (
    id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    last_token INTEGER NOT NULL
);

CREATE TABLE leadership (
    id       INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    node_id  TEXT,
    address  TEXT,
    epoch    INTEGER NOT NULL,
    expires  INTEGER NOT NULL
);

CREATE TABLE execution_definitions (
    id        TEXT NOT NULL PRIMARY KEY,
    pipeline  TEXT NOT NULL,
    inputs    TEXT
);

CREATE TABLE execution_stages (
    execution_id TEXT    NOT NULL,
    stage_id     TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    jobs         INTEGER NOT NULL,
    jobs_done    INTEGER NOT NULL,
    attempts     INTEGER NOT NULL,
    output       TEXT,
    error        TEXT,
    started      INTEGER,
    finished     INTEGER,
    PRIMARY KEY (execution_id, stage_id)
);

CREATE TABLE tokens (
    name    TEXT    NOT NULL PRIMARY KEY,
    sha256  TEXT    NOT NULL UNIQUE,
    scopes  TEXT    NOT NULL,
    created INTEGER NOT NULL,
    expires INTEGER,
    revoked INTEGER
);

CREATE TABLE events (
    sequence     INTEGER NOT NULL PRIMARY KEY,
    type         TEXT    NOT NULL,
    time         INTEGER NOT NULL,
    execution_id TEXT,
    subject      TEXT,
    data         TEXT    NOT NULL
);

CREATE TABLE schedules (
    id     TEXT NOT NULL PRIMARY KEY,
    record TEXT NOT NULL
);

CREATE TABLE sink_cursors (
    sink     TEXT    NOT NULL PRIMARY KEY,
    sequence INTEGER NOT NULL
);

CREATE TABLE sink_dead_letters (
    sink      TEXT    NOT NULL,
    sequence  INTEGER NOT NULL,
    attempts  INTEGER NOT NULL,
    error     TEXT    NOT NULL,
    failed_at INTEGER NOT NULL,
    PRIMARY KEY (sink, sequence)
);

CREATE UNIQUE INDEX executions_by_request_id ON executions (request_id) WHERE request_id IS NOT NULL;

CREATE INDEX jobs_by_status ON jobs (status, created);

CREATE INDEX jobs_by_execution ON jobs (execution_id, created) WHERE execution_id IS NOT NULL;

CREATE INDEX executions_by_created ON executions (created, id);

CREATE INDEX executions_by_pipeline ON executions (pipeline_id, pipeline_version, created, id);

CREATE INDEX executions_by_status ON executions (status, created, id);

CREATE INDEX executions_by_updated ON executions (updated) WHERE status IN ('SUCCEEDED', 'FAILED', 'CANCELLED');

CREATE INDEX events_by_execution ON events (execution_id, sequence);

-- The single rows that V3 seeds: fencing tokens count up from 0, and no node leads yet.
INSERT INTO lock_tokens (id, last_token) VALUES (1, 0);
INSERT INTO leadership (id, node_id, address, epoch, expires) VALUES (1, NULL, NULL, 0, 0);
