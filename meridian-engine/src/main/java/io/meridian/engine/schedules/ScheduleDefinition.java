package io.meridian.engine.schedules;

import io.meridian.model.text.FieldRules;
import io.meridian.store.schedule.ScheduleRecord;
import io.meridian.store.schedule.ScheduleRecord.MissedFire;
import io.meridian.store.schedule.ScheduleRecord.Overlap;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * What a user asks for when creating a schedule. {@link #toRecord} checks it whole and says what is wrong and where:
 * a malformed cron names the field and its position.
 *
 * @param missedFire   null means {@code skip}
 * @param catchUpLimit used with {@code catch_up}: 1 to {@link #MAX_CATCH_UP}
 * @param overlap      null means {@code skip}
 */
public record ScheduleDefinition(String id, String pipelineId, Integer pipelineVersion, JsonNode inputs,
                                 String cron, Duration every, String zone, MissedFire missedFire,
                                 int catchUpLimit, Overlap overlap, boolean paused) {

    public static final int MAX_CATCH_UP = 1000;

    ScheduleRecord toRecord(Instant now) {
        FieldRules.PIPELINE_ID.require("id", id);
        FieldRules.PIPELINE_ID.require("pipeline", pipelineId);
        if ((cron == null) == (every == null)) {
            throw new IllegalArgumentException("a schedule needs exactly one of cron and every");
        }
        if (pipelineVersion != null && pipelineVersion < 1) {
            throw new IllegalArgumentException("pipeline_version must be at least 1, got " + pipelineVersion);
        }
        if (inputs != null && !inputs.isNull() && !inputs.isObject()) {
            throw new IllegalArgumentException("inputs must be a JSON object");
        }
        String zoneName = zone == null ? "UTC" : zone;
        ScheduleTimes.zone(zoneName);
        if (cron != null) {
            ScheduleTimes.cron(cron, zoneName);
        } else {
            ScheduleTimes.every(every);
        }
        MissedFire missed = missedFire == null ? MissedFire.SKIP : missedFire;
        int limit = missed == MissedFire.CATCH_UP ? catchUpLimit : 0;
        if (missed == MissedFire.CATCH_UP && (limit < 1 || limit > MAX_CATCH_UP)) {
            throw new IllegalArgumentException("catch_up needs a limit from 1 to " + MAX_CATCH_UP + ", got "
                    + catchUpLimit);
        }
        String normalisedCron = cron == null ? null : cron.trim().replaceAll("\\s+", " ");
        return new ScheduleRecord(id, pipelineId, pipelineVersion, inputs == null || inputs.isNull() ? null : inputs,
                normalisedCron, every, zoneName, missed, limit, overlap == null ? Overlap.SKIP : overlap, paused,
                paused ? now : null, null, now, now);
    }
}
