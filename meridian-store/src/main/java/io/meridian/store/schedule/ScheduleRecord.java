package io.meridian.store.schedule;

import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A stored schedule: when to start which registered pipeline with which inputs, its policies, and how far it has
 * fired. Exactly one of {@code cron} and {@code every} is set.
 *
 * @param id              the schedule's name, unique in the store
 * @param pipelineId      a registered pipeline
 * @param pipelineVersion the version to start, or null for the newest registered when a slot fires
 * @param inputs          the inputs every execution it starts gets (a JSON object, or null for none)
 * @param cron            a cron expression of 5 fields (minute first) or 6 (second first), or null
 * @param every           a fixed interval, slots aligned to the Unix epoch, or null
 * @param zone            the time zone cron fields are read in (an IANA name such as {@code Europe/Paris})
 * @param missedFire      what to do with slots that passed while no leader could fire them
 * @param catchUpLimit    for {@link MissedFire#CATCH_UP}: at most this many of the newest missed slots are fired
 * @param overlap         what to do when a slot comes while the execution of an earlier slot still runs
 * @param paused          a paused schedule fires nothing; slots passed while paused are never fired
 * @param lastSlot        the newest slot already handled (fired or skipped), or null before the first
 * @param lastExecutionId the execution the newest fired slot started, or null
 * @param createdAt       when it was created: no slot at or before this time fires
 * @param updatedAt       its last change
 */
public record ScheduleRecord(String id, String pipelineId, Integer pipelineVersion, JsonNode inputs, String cron,
                             Duration every, String zone, MissedFire missedFire, int catchUpLimit, Overlap overlap,
                             boolean paused, Instant lastSlot, String lastExecutionId, Instant createdAt,
                             Instant updatedAt) {

    /** Slots passed while nothing could fire them (every leader down, or a takeover in progress). */
    public enum MissedFire { SKIP, RUN_ONCE, CATCH_UP }

    /** A slot that comes while the previous fired execution is still running. */
    public enum Overlap { SKIP, ALLOW, CANCEL_PREVIOUS }

    /** This schedule with {@code slot} handled, starting {@code executionId} (null when the slot was skipped). */
    public ScheduleRecord handled(Instant slot, String executionId, Instant now) {
        return new ScheduleRecord(id, pipelineId, pipelineVersion, inputs, cron, every, zone, missedFire,
                catchUpLimit, overlap, paused, slot, executionId != null ? executionId : lastExecutionId, createdAt,
                now);
    }

    /** This schedule paused or resumed. Resuming moves the last slot to now, so slots passed while paused never fire. */
    public ScheduleRecord withPaused(boolean pause, Instant now) {
        Instant last = pause ? lastSlot : now;
        return new ScheduleRecord(id, pipelineId, pipelineVersion, inputs, cron, every, zone, missedFire,
                catchUpLimit, overlap, pause, last, lastExecutionId, createdAt, now);
    }
}
