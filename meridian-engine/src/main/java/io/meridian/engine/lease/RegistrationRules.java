package io.meridian.engine.lease;

import io.meridian.model.text.FieldRules;
import io.meridian.protocol.lease.WorkerRegistration;

/**
 * What a worker registration may contain, checked before it touches the registry, a log line or a store: the id
 * and every text field by {@link FieldRules}, the counts and resources within range. Applies to in-process and
 * remote workers alike; the HTTP edge answers 400 naming the field.
 */
final class RegistrationRules {
    /** More than any real machine has; a bound so that placement arithmetic cannot overflow. */
    static final int MAX_CONCURRENCY = 100_000;

    private RegistrationRules() {}

    static void check(WorkerRegistration r) {
        FieldRules.WORKER_ID.require("worker_id", r.workerId());
        FieldRules.INCARNATION.require("incarnation", r.incarnation());
        FieldRules.HOST.check("host", r.host());
        FieldRules.VERSION.check("version", r.version());
        FieldRules.REGION.check("region", r.region());
        FieldRules.each("capabilities", r.capabilities(), FieldRules.CAPABILITY, FieldRules.MAX_CAPABILITIES);
        FieldRules.labels("labels", r.labels());
        if (r.stageTypes() != null) {
            FieldRules.each("stage_types", r.stageTypes(), FieldRules.JOB_TYPE, FieldRules.MAX_STAGE_TYPES);
        }
        range("max_concurrency", r.maxConcurrency(), 1, MAX_CONCURRENCY);
        range("cores", r.cores(), 0, Integer.MAX_VALUE);
        range("gpus", r.gpus(), 0, Integer.MAX_VALUE);
        if (r.memoryMb() < 0) {
            throw new IllegalArgumentException("memory_mb must be ≥ 0, got " + r.memoryMb());
        }
        if (!(r.costPerHour() >= 0) || Double.isInfinite(r.costPerHour())) {
            throw new IllegalArgumentException("cost_per_hour must be a finite number ≥ 0, got " + r.costPerHour());
        }
    }

    private static void range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be an integer " + min + "–" + max + ", got " + value);
        }
    }
}
