-- A job's placement strategy and affinity key are columns of the job, as in the SQLite and PostgreSQL stores.
ALTER TABLE jobs ADD COLUMN placement_strategy VARCHAR(32), -- null: the coordinator's default
                 ADD COLUMN affinity_key       TEXT;        -- only with the affinity strategy

-- Jobs stored before this version (with their placement in the payload) keep their placement: it is copied out
-- of the payload, as the other stores' migrations do. The payload keeps its copy; nothing reads it there any more.
UPDATE jobs
SET placement_strategy = lower(JSON_UNQUOTE(JSON_EXTRACT(payload, '$.placement.strategy'))),
    affinity_key = CASE WHEN lower(JSON_UNQUOTE(JSON_EXTRACT(payload, '$.placement.strategy'))) = 'affinity'
                         AND JSON_TYPE(JSON_EXTRACT(payload, '$.placement.affinity_key')) = 'STRING'
                        THEN JSON_UNQUOTE(JSON_EXTRACT(payload, '$.placement.affinity_key')) END
WHERE payload LIKE '%"placement"%' AND JSON_VALID(payload)
  AND JSON_TYPE(JSON_EXTRACT(payload, '$.placement.strategy')) = 'STRING';
