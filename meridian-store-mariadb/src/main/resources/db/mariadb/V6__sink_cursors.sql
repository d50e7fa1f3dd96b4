-- Event sinks (docs/events.md): the sequence of the last event each sink delivered, so delivery resumes there after
-- a restart or a change of leader, and the events a sink gave up on after its retries. failed_at is epoch millis.
CREATE TABLE sink_cursors (
    sink     VARCHAR(64) NOT NULL PRIMARY KEY,
    sequence BIGINT      NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
CREATE TABLE sink_dead_letters (
    sink      VARCHAR(64) NOT NULL,
    sequence  BIGINT      NOT NULL,
    attempts  INT         NOT NULL,
    error     TEXT        NOT NULL,
    failed_at BIGINT      NOT NULL,
    PRIMARY KEY (sink, sequence)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
