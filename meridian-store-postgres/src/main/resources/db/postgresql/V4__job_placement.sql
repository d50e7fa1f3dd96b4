-- A job's placement strategy and affinity key are columns of the job, no longer fields of its payload.
ALTER TABLE jobs ADD COLUMN placement_strategy TEXT;  -- null: the coordinator's default
ALTER TABLE jobs ADD COLUMN affinity_key TEXT;        -- only with the affinity strategy

-- Jobs stored before this version keep their placement: it is copied out of the payload. The payload keeps its
-- copy (rewriting every payload would cost a full rewrite of the table); nothing reads it there any more.
-- PostgreSQL refuses to take apart a document holding the \u0000 escape: such a (rare) payload is left out, and its
-- job falls back to the coordinator's default placement.
UPDATE jobs
SET placement_strategy = lower(payload::json -> 'placement' ->> 'strategy'),
    affinity_key = CASE WHEN lower(payload::json -> 'placement' ->> 'strategy') = 'affinity'
                        THEN payload::json -> 'placement' ->> 'affinity_key' END
WHERE payload LIKE '%"placement"%' AND position('\u0000' in payload) = 0
  AND json_typeof(payload::json -> 'placement' -> 'strategy') = 'string';
