package io.meridian.engine.schedules;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * When a schedule's slots fall: a cron expression read in a time zone, or a fixed interval whose slots are aligned
 * to the Unix epoch (so every coordinator computes the same slots without sharing any state but the definition).
 * Five cron fields are Unix cron (minute first); six put a second field first.
 */
public final class ScheduleTimes {

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser WITH_SECONDS =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING));
    private static final List<String> FIELDS_5 = List.of("minute", "hour", "day of month", "month", "day of week");
    private static final List<String> FIELDS_6 = List.of("second", "minute", "hour", "day of month", "month",
            "day of week");

    private final ExecutionTime cron;
    private final ZoneId zone;
    private final long everyMillis;

    private ScheduleTimes(ExecutionTime cron, ZoneId zone, long everyMillis) {
        this.cron = cron;
        this.zone = zone;
        this.everyMillis = everyMillis;
    }

    /** Slots of a cron expression in {@code zone}; IllegalArgumentException naming the bad field and its position. */
    public static ScheduleTimes cron(String expression, String zone) {
        return new ScheduleTimes(ExecutionTime.forCron(parse(expression)), zone(zone), 0);
    }

    /** Slots every {@code interval}, at whole multiples of it since the epoch; at least one second. */
    public static ScheduleTimes every(Duration interval) {
        if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("every must be at least 1s, got " + interval);
        }
        return new ScheduleTimes(null, ZoneId.of("UTC"), interval.toMillis());
    }

    /** The first slot strictly after {@code after}, or empty when the expression never fires again. */
    public Optional<Instant> next(Instant after) {
        if (cron == null) {
            long k = Math.floorDiv(after.toEpochMilli(), everyMillis) + 1;
            return Optional.of(Instant.ofEpochMilli(k * everyMillis));
        }
        return cron.nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant);
    }

    /** A time zone by its IANA name, refused with the name when unknown. */
    public static ZoneId zone(String name) {
        try {
            return ZoneId.of(name == null ? "UTC" : name);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + name + "' (use an IANA name such as "
                    + "Europe/Paris or UTC)");
        }
    }

    /**
     * Parses 5 or 6 fields. When the whole expression is refused, each field is tried alone (the others made
     * {@code *}) to say which one is wrong: the library's own message names the value but not where it is.
     */
    static Cron parse(String expression) {
        String text = expression == null ? "" : expression.trim();
        String[] fields = text.isEmpty() ? new String[0] : text.split("\\s+");
        if (fields.length != 5 && fields.length != 6) {
            throw new IllegalArgumentException("cron '" + text + "' has " + fields.length + " fields; expected 5 "
                    + "(minute hour day-of-month month day-of-week) or 6 (a second field first)");
        }
        CronParser parser = fields.length == 5 ? UNIX : WITH_SECONDS;
        try {
            Cron cron = parser.parse(text);
            cron.validate();
            return cron;
        } catch (IllegalArgumentException whole) {
            throw new IllegalArgumentException(badField(parser, fields, whole), whole);
        }
    }

    private static String badField(CronParser parser, String[] fields, IllegalArgumentException whole) {
        List<String> names = fields.length == 5 ? FIELDS_5 : FIELDS_6;
        for (int i = 0; i < fields.length; i++) {
            String[] alone = new String[fields.length];
            java.util.Arrays.fill(alone, "*");
            alone[i] = fields[i];
            try {
                parser.parse(String.join(" ", alone)).validate();
            } catch (IllegalArgumentException e) {
                return "cron field " + (i + 1) + " (" + names.get(i) + ") '" + fields[i] + "' is invalid: "
                        + e.getMessage();
            }
        }
        return "cron '" + String.join(" ", fields) + "' is invalid: " + whole.getMessage();
    }
}
