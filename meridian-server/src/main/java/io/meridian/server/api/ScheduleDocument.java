package io.meridian.server.api;

import io.meridian.model.json.Json;
import io.meridian.store.schedule.ScheduleRecord;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** A schedule as the API answers it, with its next slot when it is active. */
public final class ScheduleDocument {
    private ScheduleDocument() {}

    public static ObjectNode of(ScheduleRecord s, Optional<Instant> next) {
        ObjectNode out = Json.object().put("id", s.id()).put("pipeline", s.pipelineId());
        if (s.pipelineVersion() != null) {
            out.put("pipeline_version", s.pipelineVersion());
        }
        if (s.cron() != null) {
            out.put("cron", s.cron());
        } else {
            out.put("every", s.every().toString().substring(2).toLowerCase(Locale.ROOT));
            out.put("every_ms", s.every().toMillis());
        }
        out.put("time_zone", s.zone()).put("missed_fire", wire(s.missedFire()));
        if (s.missedFire() == ScheduleRecord.MissedFire.CATCH_UP) {
            out.put("catch_up_limit", s.catchUpLimit());
        }
        out.put("overlap", wire(s.overlap())).put("paused", s.paused());
        if (s.inputs() != null) {
            out.set("inputs", s.inputs());
        }
        put(out, "last_slot", s.lastSlot());
        if (s.lastExecutionId() != null) {
            out.put("last_execution_id", s.lastExecutionId());
        }
        put(out, "next_slot", s.paused() ? null : next.orElse(null));
        put(out, "created_at", s.createdAt());
        put(out, "updated_at", s.updatedAt());
        return out;
    }

    static String wire(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static void put(ObjectNode out, String field, Instant value) {
        if (value != null) {
            out.put(field, value.toString());
        }
    }
}
