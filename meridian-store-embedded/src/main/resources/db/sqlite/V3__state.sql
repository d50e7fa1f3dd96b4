-- Execution queries, checkpoints, locks and leadership. Instants are epoch milliseconds, as in V1.

-- Executions are queried by pipeline: the id and version are copied out of the stored pipeline JSON, once for
-- existing rows here and on every write from now on.
ALTER TABLE executions ADD COLUMN pipeline_id TEXT;
ALTER TABLE executions ADD COLUMN pipeline_version INTEGER;
UPDATE executions SET pipeline_id = json_extract(pipeline, '$.id'),
                      pipeline_version = json_extract(pipeline, '$.version');

-- Newest first is (created DESC, id DESC); keyset paging continues strictly after the last row of a page.
DROP INDEX executions_by_created;
CREATE INDEX executions_by_created ON executions (created, id);
CREATE INDEX executions_by_pipeline ON executions (pipeline_id, pipeline_version, created, id);
CREATE INDEX executions_by_status ON executions (status, created, id);
-- Retention looks for old executions in terminal states.
CREATE INDEX executions_by_updated ON executions (updated) WHERE status IN ('SUCCEEDED', 'FAILED', 'CANCELLED');

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

-- Fencing tokens grow across all locks and survive the release of every lock, so they live apart.
CREATE TABLE lock_tokens (
    id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    last_token INTEGER NOT NULL
);
INSERT INTO lock_tokens (id, last_token) VALUES (1, 0);

-- One row: the current leadership term. node_id is null when nobody leads; epoch only grows.
CREATE TABLE leadership (
    id       INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    node_id  TEXT,
    address  TEXT,
    epoch    INTEGER NOT NULL,
    expires  INTEGER NOT NULL
);
INSERT INTO leadership (id, node_id, address, epoch, expires) VALUES (1, NULL, NULL, 0, 0);
