package io.meridian.engine.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.store.schedule.ScheduleRecord;
import io.meridian.store.schedule.ScheduleRecord.MissedFire;
import io.meridian.store.schedule.ScheduleRecord.Overlap;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which due slots fire under each missed-fire policy. */
class SlotPlanTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final ScheduleTimes EVERY_MINUTE = ScheduleTimes.every(Duration.ofMinutes(1));

    static ScheduleRecord schedule(MissedFire policy, int limit, Instant lastSlot) {
        return new ScheduleRecord("s", "p", null, null, null, Duration.ofMinutes(1), "UTC", policy, limit,
                Overlap.ALLOW, false, lastSlot, null, T0, T0);
    }

    static Instant minute(int n) {
        return T0.plus(Duration.ofMinutes(n));
    }

    @Test
    void nothingIsDueBeforeTheFirstSlotAfterCreation() {
        SlotPlan plan = SlotPlan.of(schedule(MissedFire.SKIP, 0, null), EVERY_MINUTE, T0.plusSeconds(59));
        assertThat(plan.fire()).isEmpty();
        assertThat(plan.through()).isNull();
    }

    @Test
    void aSlotJustDueFiresUnderEveryPolicy() {
        for (MissedFire policy : MissedFire.values()) {
            SlotPlan plan = SlotPlan.of(schedule(policy, 3, null), EVERY_MINUTE, minute(1).plusMillis(200));
            assertThat(plan.fire()).as(policy.name()).containsExactly(minute(1));
            assertThat(plan.through()).isEqualTo(minute(1));
        }
    }

    @Test
    void theLastSlotIsNeverFiredAgain() {
        SlotPlan plan = SlotPlan.of(schedule(MissedFire.CATCH_UP, 5, minute(1)), EVERY_MINUTE, minute(1).plusSeconds(30));
        assertThat(plan.fire()).isEmpty();
    }

    @Test
    void skipFiresOnlyTheNewestSlotAndOnlyWhileItIsOnTime() {
        ScheduleRecord s = schedule(MissedFire.SKIP, 0, minute(1));
        SlotPlan recent = SlotPlan.of(s, EVERY_MINUTE, minute(10).plusSeconds(5));
        assertThat(recent.fire()).containsExactly(minute(10));
        assertThat(recent.through()).isEqualTo(minute(10));

        ScheduleTimes hourly = ScheduleTimes.every(Duration.ofHours(1));
        SlotPlan late = SlotPlan.of(s, hourly, T0.plus(Duration.ofHours(3)).plus(SlotPlan.ON_TIME));
        assertThat(late.fire()).as("the newest slot passed more than a minute ago").isEmpty();
        assertThat(late.through()).isEqualTo(T0.plus(Duration.ofHours(3)));
    }

    @Test
    void runOnceFiresTheNewestSlotHoweverLate() {
        SlotPlan plan = SlotPlan.of(schedule(MissedFire.RUN_ONCE, 0, minute(1)), EVERY_MINUTE,
                minute(10).plusSeconds(59));
        assertThat(plan.fire()).containsExactly(minute(10));
    }

    @Test
    void catchUpFiresAtMostTheNewestNInOrder() {
        SlotPlan few = SlotPlan.of(schedule(MissedFire.CATCH_UP, 5, minute(1)), EVERY_MINUTE, minute(3));
        assertThat(few.fire()).containsExactly(minute(2), minute(3));

        SlotPlan many = SlotPlan.of(schedule(MissedFire.CATCH_UP, 3, minute(1)), EVERY_MINUTE, minute(10));
        assertThat(many.fire()).containsExactly(minute(8), minute(9), minute(10));
        assertThat(many.through()).isEqualTo(minute(10));
    }

    @Test
    void aVeryLongGapIsSkippedInPiecesWithoutFiring() {
        ScheduleTimes everySecond = ScheduleTimes.every(Duration.ofSeconds(1));
        Instant now = T0.plus(Duration.ofDays(3));
        SlotPlan plan = SlotPlan.of(schedule(MissedFire.RUN_ONCE, 0, T0), everySecond, now);
        assertThat(plan.fire()).isEmpty();
        assertThat(plan.through()).isEqualTo(T0.plusSeconds(SlotPlan.MAX_SCAN));
    }
}
