package io.meridian.engine.orchestrator;

import io.meridian.model.json.JsonSize;
import io.meridian.store.JobSpec;

/**
 * Counts the bytes of one stage's job payloads as they are planned, and refuses a job, or the stage, once a
 * {@link ExecutionLimits} byte limit is passed. References keep payloads small; what can still make them large is a
 * config template that copies big data (a whole upstream output, a large input) into every job.
 */
final class PayloadBudget {
    private final ExecutionLimits limits;
    private long total;
    private int admitted;

    PayloadBudget(ExecutionLimits limits) {
        this.limits = limits;
    }

    /** The spec, once its payload fits both limits; {@code jobs} is how many jobs the stage plans in all. */
    JobSpec admit(JobSpec spec, int jobs) {
        long size = sizeOf(spec);
        String which = jobs > 1 || spec.itemIndex() >= 0 ? "item " + spec.itemIndex() + ": " : "";
        if (size > limits.maxJobPayloadBytes()) {
            throw new JobPlanner.PlanningFailure(which + "the job's payload is " + size + " bytes, over the limit of "
                    + limits.maxJobPayloadBytes() + " bytes per job (engine.max_job_payload_bytes): a config template "
                    + "copies large data into the job; let the handler read upstream outputs through its dependencies "
                    + "(jobs carry references to them) instead of templating {{stages.ID.output}} into the config, "
                    + "or raise engine.max_job_payload_bytes");
        }
        total += size;
        admitted++;
        if (total > limits.maxStagePayloadBytes()) {
            throw new JobPlanner.PlanningFailure("the payloads of the stage's first " + admitted
                    + " of " + jobs + " jobs add up to " + total + " bytes, over the limit of "
                    + limits.maxStagePayloadBytes() + " bytes per stage (engine.max_stage_payload_bytes): make the "
                    + "items smaller (pass references such as ids or URLs rather than the data), split the list over "
                    + "several stages, or raise engine.max_stage_payload_bytes");
        }
        return spec;
    }

    private static long sizeOf(JobSpec spec) {
        return JsonSize.of(spec.payload());
    }
}
