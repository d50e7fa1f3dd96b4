-- Schedules: one row per schedule, the whole definition and how far it has fired as one JSON document. The leader
-- writes the last slot inside the record in the same transaction as the execution that slot started, so a new
-- leader continues from it.
CREATE TABLE schedules (
    id     VARCHAR(255) NOT NULL PRIMARY KEY,
    record MEDIUMTEXT   NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
