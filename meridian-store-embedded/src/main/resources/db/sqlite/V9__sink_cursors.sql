-- Event sinks (docs/events.md): the sequence of the last event each sink delivered, so delivery resumes there after
-- a restart or a change of leader, and the events a sink gave up on after its retries. failed_at is epoch millis.
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
