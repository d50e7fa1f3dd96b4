-- A job's placement strategy and affinity key are columns of the job, no longer fields of its payload.
ALTER TABLE jobs ADD COLUMN placement_strategy TEXT;  -- null: the coordinator's default
ALTER TABLE jobs ADD COLUMN affinity_key TEXT;        -- only with the affinity strategy

-- Jobs stored before this version keep their placement: it is copied out of the payload. The payload keeps its
-- copy (rewriting every payload would cost a full rewrite of the table); nothing reads it there any more.
UPDATE jobs
SET placement_strategy = lower(json_extract(payload, '$.placement.strategy')),
    affinity_key = CASE WHEN lower(json_extract(payload, '$.placement.strategy')) = 'affinity'
                        THEN json_extract(payload, '$.placement.affinity_key') END
WHERE payload LIKE '%"placement"%' AND json_valid(payload)
  AND json_type(payload, '$.placement.strategy') = 'text';
