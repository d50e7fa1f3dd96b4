package io.meridian.server.api;

import io.meridian.engine.schedules.ScheduleDefinition;
import io.meridian.server.config.DurationText;
import io.meridian.store.schedule.ScheduleRecord;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/schedules} (snake_case on the wire, unknown fields refused): {@code every} is a duration such
 * as {@code 5m}, policies are lower-case names ({@code skip}, {@code run_once}, {@code catch_up}; {@code skip},
 * {@code allow}, {@code cancel_previous}).
 */
public record ScheduleRequest(String id, String pipeline, Integer pipelineVersion, JsonNode inputs, String cron,
                              String every, String timeZone, String missedFire, Integer catchUpLimit,
                              String overlap, Boolean paused) {

    public ScheduleDefinition definition() {
        return new ScheduleDefinition(id, pipeline, pipelineVersion, inputs, cron,
                every == null ? null : DurationText.parse("every", every), timeZone,
                policy("missed_fire", missedFire, ScheduleRecord.MissedFire.class),
                catchUpLimit == null ? 0 : catchUpLimit, policy("overlap", overlap, ScheduleRecord.Overlap.class),
                paused != null && paused);
    }

    static <E extends Enum<E>> E policy(String field, String value, Class<E> type) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": unknown policy '" + value + "' (one of "
                    + String.join(", ", java.util.Arrays.stream(type.getEnumConstants())
                    .map(ScheduleDocument::wire).toList()) + ")");
        }
    }
}
