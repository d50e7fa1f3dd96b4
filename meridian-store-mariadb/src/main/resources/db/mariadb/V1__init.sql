-- Meridian's MariaDB/MySQL schema: the same tables as the SQLite and PostgreSQL stores, so the shared JDBC layer
-- reads and writes all three the same way. Flyway applies it into the database named in the store location.
--
-- Instants are BIGINT epoch milliseconds, as in SQLite: lock and leadership expiry is judged against the
-- database's own clock, read as epoch milliseconds too, so no column type or session time zone stands between
-- the two. JSON documents (pipelines, payloads, results, stage outputs) are LONGTEXT, not JSON: MariaDB's JSON
-- is LONGTEXT with a validity check the store does not need (it writes and reads documents whole and never
-- queries inside them), and TEXT keeps the exact document so records read back equal to what was written.
--
-- Every table is utf8mb4 with the binary collation: byte order, which matches Java's String order for the
-- ASCII ids Meridian uses (so "by id" means the same in every store), and ids differing only in case are
-- different ids. Ids are VARCHAR(255): keys must have a length, and every id Meridian issues or accepts is
-- at most 128 characters.
--
-- seq orders rows created in the same instant by insertion, like SQLite's rowid and PostgreSQL's identity:
-- an upsert of an existing row keeps its seq.

CREATE TABLE executions (
    id               VARCHAR(255) NOT NULL PRIMARY KEY,
    seq              BIGINT       NOT NULL AUTO_INCREMENT UNIQUE,
    status           VARCHAR(32)  NOT NULL,
    error            MEDIUMTEXT,
    request_id       VARCHAR(255),
    created          BIGINT       NOT NULL,
    updated          BIGINT       NOT NULL,
    pipeline_id      VARCHAR(255) NOT NULL,
    pipeline_version INTEGER      NOT NULL,
    -- a unique index allows any number of NULLs: only executions started with a request id are unique by it
    UNIQUE KEY executions_by_request_id (request_id),
    -- newest first is (created DESC, id DESC); keyset paging continues strictly after the last row of a page
    KEY executions_by_created (created, id),
    KEY executions_by_pipeline (pipeline_id, pipeline_version, created, id),
    KEY executions_by_status (status, created, id),
    -- retention looks for old executions in terminal states
    KEY executions_by_updated (status, updated)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- What never changes after an execution starts, apart from the small header a status change rewrites.
CREATE TABLE execution_definitions (
    id       VARCHAR(255) NOT NULL PRIMARY KEY,
    pipeline LONGTEXT     NOT NULL,
    inputs   LONGTEXT
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE execution_stages (
    execution_id VARCHAR(255) NOT NULL,
    stage_id     VARCHAR(255) NOT NULL,
    status       VARCHAR(32)  NOT NULL,
    jobs         INTEGER      NOT NULL,
    jobs_done    INTEGER      NOT NULL,
    attempts     INTEGER      NOT NULL,
    output       LONGTEXT,
    error        MEDIUMTEXT,
    started      BIGINT,
    finished     BIGINT,
    PRIMARY KEY (execution_id, stage_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE jobs (
    id               VARCHAR(255) NOT NULL PRIMARY KEY,
    seq              BIGINT       NOT NULL AUTO_INCREMENT UNIQUE,
    type             VARCHAR(255) NOT NULL,
    payload          LONGTEXT,
    priority         INTEGER      NOT NULL,
    requires         MEDIUMTEXT,   -- null: no requirements
    retry            MEDIUMTEXT,   -- null: the default retry policy
    timeout_seconds  INTEGER      NOT NULL,
    execution_id     VARCHAR(255),
    stage_id         VARCHAR(255),
    item_index       INTEGER      NOT NULL,
    created          BIGINT       NOT NULL,
    status           VARCHAR(32)  NOT NULL,
    attempt          INTEGER      NOT NULL,
    failures         INTEGER      NOT NULL,
    lost_attempts    INTEGER      NOT NULL,
    not_before       BIGINT,
    worker_id        TEXT,
    lease_expires_at BIGINT,
    deadline         BIGINT,
    result           LONGTEXT,
    error            MEDIUMTEXT,
    updated          BIGINT       NOT NULL,
    -- oldest first per status; a query over several statuses merges one range per status (see Queries)
    KEY jobs_by_status (status, created, seq),
    KEY jobs_by_execution (execution_id, created, seq)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Registered pipeline versions: (id, version) is the key, and a registered version never changes.
CREATE TABLE pipelines (
    id         VARCHAR(255) NOT NULL,
    version    INTEGER      NOT NULL,
    definition LONGTEXT     NOT NULL,
    created    BIGINT       NOT NULL,
    PRIMARY KEY (id, version)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE checkpoints (
    execution_id  VARCHAR(255) NOT NULL,
    checkpoint_id VARCHAR(255) NOT NULL,
    seq           BIGINT       NOT NULL AUTO_INCREMENT UNIQUE,
    stage_id      VARCHAR(255),
    metadata      LONGTEXT,
    created       BIGINT       NOT NULL,
    PRIMARY KEY (execution_id, checkpoint_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Leased locks. A released or expired lock keeps its row (with expires in the past): the next acquisition
-- then always locks that row first, which is what makes tokens grow in acquisition order.
CREATE TABLE locks (
    resource      VARCHAR(512) NOT NULL PRIMARY KEY,
    lock_id       VARCHAR(64)  NOT NULL,
    owner         TEXT         NOT NULL,
    fencing_token BIGINT       NOT NULL,
    acquired      BIGINT       NOT NULL,
    expires       BIGINT       NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Fencing tokens grow across all locks and survive the release of every lock, so they live apart.
CREATE TABLE lock_tokens (
    id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    last_token BIGINT  NOT NULL
) ENGINE = InnoDB;
INSERT INTO lock_tokens (id, last_token) VALUES (1, 0);

-- The leadership lease: exactly one row. Epoch 0 with an expiry in the past means nobody has led yet.
CREATE TABLE leadership (
    id      INTEGER      NOT NULL PRIMARY KEY CHECK (id = 1),
    node_id VARCHAR(255),
    address TEXT,
    epoch   BIGINT       NOT NULL,
    expires BIGINT       NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
INSERT INTO leadership (id, node_id, address, epoch, expires) VALUES (1, NULL, NULL, 0, 0);
