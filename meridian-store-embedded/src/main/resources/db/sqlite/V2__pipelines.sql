-- Registered pipeline versions: (id, version) is the key, and a registered version never changes.
CREATE TABLE pipelines (
    id          TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    definition  TEXT    NOT NULL,
    created     INTEGER NOT NULL,
    PRIMARY KEY (id, version)
);
