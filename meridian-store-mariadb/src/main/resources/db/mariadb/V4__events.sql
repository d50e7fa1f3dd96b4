-- The outbox: one row per state change, written in the same transaction as the change. The sequence is assigned
-- by the leader, whose commits are serial and fenced by its epoch, so rows commit in sequence order. It is the
-- primary key, so reading "after N" is one index range. time is epoch milliseconds like every instant here.
CREATE TABLE events (
    sequence     BIGINT       NOT NULL PRIMARY KEY,
    type         VARCHAR(64)  NOT NULL,
    time         BIGINT       NOT NULL,
    execution_id VARCHAR(255),
    subject      VARCHAR(255),
    data         MEDIUMTEXT   NOT NULL,
    -- one execution's events, in order (GET /v1/events?execution=...)
    KEY events_by_execution (execution_id, sequence)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
