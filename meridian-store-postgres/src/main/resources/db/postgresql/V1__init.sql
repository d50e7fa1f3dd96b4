-- Meridian's PostgreSQL schema. Flyway applies it into the schema named in the store location.
--
-- Instants are TIMESTAMPTZ (microseconds, UTC on the wire): lock and leadership expiry is judged against the
-- database's clock_timestamp(), and operators can read and compare the columns in psql without conversions.
--
-- JSON documents (pipelines, payloads, results, stage runs) are TEXT, not JSONB: the store writes and reads them
-- whole and never queries inside them (what queries need, such as pipeline id and version, has its own column).
-- TEXT keeps the exact document (key order, "\u0000" escapes that JSONB refuses) so records read back equal to
-- what was written, and it skips JSONB's parse-and-convert on the hot write path. Cast with ::jsonb to explore.
--
-- Identifiers use COLLATE "C": byte order, which matches Java's String order for the ASCII ids Meridian uses
-- (so "by id" means the same in every store) and compares faster than a linguistic collation.

CREATE TABLE executions (
    id               TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    pipeline_id      TEXT COLLATE "C" NOT NULL,
    pipeline_version INTEGER          NOT NULL,
    pipeline         TEXT             NOT NULL,
    inputs           TEXT,
    status           TEXT             NOT NULL,
    stages           TEXT             NOT NULL,
    error            TEXT,
    request_id       TEXT COLLATE "C",
    created          TIMESTAMPTZ      NOT NULL,
    updated          TIMESTAMPTZ      NOT NULL
);
CREATE UNIQUE INDEX executions_by_request_id ON executions (request_id) WHERE request_id IS NOT NULL;
-- Newest first with keyset paging: WHERE (created, id) < (cursor) ORDER BY created DESC, id DESC.
CREATE INDEX executions_newest_first ON executions (created DESC, id DESC);
CREATE INDEX executions_by_pipeline ON executions (pipeline_id, created DESC, id DESC);
CREATE INDEX executions_by_pipeline_version ON executions (pipeline_id, pipeline_version, created DESC, id DESC);
CREATE INDEX executions_by_status ON executions (status, created DESC, id DESC);
-- Retention looks only at finished executions, oldest update first.
CREATE INDEX executions_finished_by_updated ON executions (updated)
    WHERE status IN ('SUCCEEDED', 'FAILED', 'CANCELLED');

-- seq orders jobs created in the same instant by insertion; an upsert of an existing job keeps its seq.
CREATE TABLE jobs (
    seq              BIGINT GENERATED ALWAYS AS IDENTITY,
    id               TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    type             TEXT             NOT NULL,
    payload          TEXT,
    priority         INTEGER          NOT NULL,
    requires         TEXT,            -- null: no requirements
    retry            TEXT,            -- null: the default retry policy
    timeout_seconds  INTEGER          NOT NULL,
    execution_id     TEXT COLLATE "C",
    stage_id         TEXT,
    item_index       INTEGER          NOT NULL,
    created          TIMESTAMPTZ      NOT NULL,
    status           TEXT             NOT NULL,
    attempt          INTEGER          NOT NULL,
    failures         INTEGER          NOT NULL,
    lost_attempts    INTEGER          NOT NULL,
    not_before       TIMESTAMPTZ,
    worker_id        TEXT,
    lease_expires_at TIMESTAMPTZ,
    deadline         TIMESTAMPTZ,
    result           TEXT,
    error            TEXT,
    updated          TIMESTAMPTZ      NOT NULL
);
-- Oldest first per status; a query over several statuses merges one range per status (see JobQueries).
CREATE INDEX jobs_by_status ON jobs (status, created, seq);
-- Jobs submitted straight to the queue have no execution: leaving them out keeps the index small.
CREATE INDEX jobs_by_execution ON jobs (execution_id, created, seq) WHERE execution_id IS NOT NULL;

-- Registered pipeline versions: (id, version) is the key, and a registered version never changes.
CREATE TABLE pipelines (
    id          TEXT COLLATE "C" NOT NULL,
    version     INTEGER          NOT NULL,
    definition  TEXT             NOT NULL,
    created     TIMESTAMPTZ      NOT NULL DEFAULT now(),
    PRIMARY KEY (id, version)
);

CREATE TABLE checkpoints (
    execution_id  TEXT COLLATE "C" NOT NULL,
    checkpoint_id TEXT COLLATE "C" NOT NULL,
    seq           BIGINT GENERATED ALWAYS AS IDENTITY,
    stage_id      TEXT,
    metadata      TEXT,
    created       TIMESTAMPTZ      NOT NULL,
    PRIMARY KEY (execution_id, checkpoint_id)
);

-- Leased locks. A released or expired lock keeps its row (with expires_at in the past): the next acquisition
-- then always updates that row under its row lock, which is what makes tokens grow in acquisition order.
CREATE SEQUENCE lock_fencing_tokens;
CREATE TABLE locks (
    resource      TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    lock_id       TEXT             NOT NULL,
    owner         TEXT             NOT NULL,
    fencing_token BIGINT           NOT NULL,
    acquired_at   TIMESTAMPTZ      NOT NULL,
    expires_at    TIMESTAMPTZ      NOT NULL
);

-- The leadership lease: exactly one row. Epoch 0 with an expiry in the past means nobody has led yet.
CREATE TABLE leadership (
    singleton  BOOLEAN     NOT NULL PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    node_id    TEXT,
    address    TEXT,
    epoch      BIGINT      NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
INSERT INTO leadership (node_id, address, epoch, expires_at) VALUES (NULL, NULL, 0, 'epoch');
