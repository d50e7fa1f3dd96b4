-- Event sinks (docs/events.md): the sequence of the last event each sink delivered, so delivery resumes there after
-- a restart or a change of leader, and the events a sink gave up on after its retries.
CREATE TABLE sink_cursors (
    sink     TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    sequence BIGINT           NOT NULL
);
CREATE TABLE sink_dead_letters (
    sink      TEXT COLLATE "C" NOT NULL,
    sequence  BIGINT           NOT NULL,
    attempts  INTEGER          NOT NULL,
    error     TEXT             NOT NULL,
    failed_at TIMESTAMPTZ      NOT NULL,
    PRIMARY KEY (sink, sequence)
);
