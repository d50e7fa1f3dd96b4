package io.meridian.engine.queue;

import io.meridian.store.JobSpec;
import java.util.HashMap;
import java.util.Map;

/**
 * One shared copy of each distinct payload-less spec of jobs submitted straight to the queue: a million jobs of
 * one type with the same priority, requirements and retry policy then cost the leader one spec, not a million
 * (with a million copies of the type name and requirement lists parsed from each request). Pipeline jobs differ
 * per item (execution, stage, item index) and already share their stage's objects, so they are only stripped.
 * Bounded: when {@link #MAX_SPECS} distinct specs are held the table starts over (equal specs are then merely no
 * longer shared). Used under the engine's state lock only.
 */
final class SpecInterner {
    static final int MAX_SPECS = 4096;

    private final Map<JobSpec, JobSpec> specs = new HashMap<>();

    /** The spec without its payload, shared with earlier equal ones where it is worth it. */
    JobSpec intern(JobSpec spec) {
        JobSpec bare = spec.withPayload(null);
        if (bare.executionId() != null || bare.affinityKey() != null) {
            return bare;
        }
        JobSpec known = specs.get(bare);
        if (known != null) {
            return known;
        }
        if (specs.size() >= MAX_SPECS) {
            specs.clear();
        }
        specs.put(bare, bare);
        return bare;
    }
}
