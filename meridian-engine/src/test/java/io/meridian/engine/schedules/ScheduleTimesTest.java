package io.meridian.engine.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Slot times of cron (5 and 6 fields, in a time zone) and fixed intervals, and the errors of a malformed cron. */
class ScheduleTimesTest {

    @Test
    void fiveFieldCronIsReadInItsTimeZone() {
        ScheduleTimes t = ScheduleTimes.cron("30 2 * * *", "Europe/Paris");
        // 02:30 in Paris in January is 01:30 UTC
        assertThat(t.next(Instant.parse("2026-01-10T00:00:00Z"))).contains(Instant.parse("2026-01-10T01:30:00Z"));
        // in July (summer time) it is 00:30 UTC
        assertThat(t.next(Instant.parse("2026-07-10T00:00:00Z"))).contains(Instant.parse("2026-07-10T00:30:00Z"));
    }

    @Test
    void sixFieldCronHasASecondFieldFirst() {
        ScheduleTimes t = ScheduleTimes.cron("*/10 * * * * *", "UTC");
        assertThat(t.next(Instant.parse("2026-01-01T00:00:05Z"))).contains(Instant.parse("2026-01-01T00:00:10Z"));
        assertThat(t.next(Instant.parse("2026-01-01T00:00:10Z"))).contains(Instant.parse("2026-01-01T00:00:20Z"));
    }

    @Test
    void weekdaysOnly() {
        ScheduleTimes t = ScheduleTimes.cron("0 9 * * 1-5", "UTC");
        // 2026-01-03 is a Saturday: the next slot is Monday the 5th
        assertThat(t.next(Instant.parse("2026-01-03T10:00:00Z"))).contains(Instant.parse("2026-01-05T09:00:00Z"));
    }

    @Test
    void everyIsAlignedToTheEpochAndStrictlyAfter() {
        ScheduleTimes t = ScheduleTimes.every(Duration.ofMinutes(5));
        assertThat(t.next(Instant.parse("2026-01-01T00:02:00Z"))).contains(Instant.parse("2026-01-01T00:05:00Z"));
        assertThat(t.next(Instant.parse("2026-01-01T00:05:00Z"))).contains(Instant.parse("2026-01-01T00:10:00Z"));
    }

    @Test
    void aMalformedCronNamesTheFieldAndItsPosition() {
        assertThatThrownBy(() -> ScheduleTimes.cron("0 25 * * *", "UTC"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cron field 2 (hour) '25' is invalid");
        assertThatThrownBy(() -> ScheduleTimes.cron("0 0 0 32 * *", "UTC"))
                .hasMessageContaining("field 4 (day of month) '32'");
        assertThatThrownBy(() -> ScheduleTimes.cron("* * * foo *", "UTC"))
                .hasMessageStartingWith("cron field 4 (month) 'foo' is invalid");
    }

    @Test
    void theWrongNumberOfFieldsIsSaidAsSuch() {
        assertThatThrownBy(() -> ScheduleTimes.cron("* * * *", "UTC"))
                .hasMessageContaining("has 4 fields; expected 5");
        assertThatThrownBy(() -> ScheduleTimes.cron("", "UTC")).hasMessageContaining("has 0 fields");
    }

    @Test
    void anUnknownZoneOrATooShortIntervalIsRefused() {
        assertThatThrownBy(() -> ScheduleTimes.cron("* * * * *", "Mars/Olympus"))
                .hasMessageContaining("unknown time zone 'Mars/Olympus'");
        assertThatThrownBy(() -> ScheduleTimes.every(Duration.ofMillis(500))).hasMessageContaining("at least 1s");
    }
}
