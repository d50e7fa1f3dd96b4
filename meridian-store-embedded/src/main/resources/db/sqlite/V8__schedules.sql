-- Schedules: one row per schedule, the whole definition and how far it has fired as one JSON document. The leader
-- writes last_slot inside the record in the same transaction as the execution that slot started, so a new leader
-- continues from it.
CREATE TABLE schedules (
    id     TEXT NOT NULL PRIMARY KEY,
    record TEXT NOT NULL
);
