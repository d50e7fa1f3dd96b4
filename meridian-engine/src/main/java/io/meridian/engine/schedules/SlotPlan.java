package io.meridian.engine.schedules;

import io.meridian.store.schedule.ScheduleRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Which of a schedule's due slots to fire now, by its missed-fire policy. Due slots are those after the last
 * handled one (or after its creation) up to now; every due slot is handled once, fired or skipped, and the plan's
 * {@link #through} becomes the schedule's last slot.
 *
 * @param fire    slots to fire, oldest first
 * @param through the newest due slot (handled after this plan), or null when none is due
 */
public record SlotPlan(List<Instant> fire, Instant through) {

    /** Under {@code skip}, a slot fires only if its time passed less than this long ago. */
    public static final Duration ON_TIME = Duration.ofMinutes(1);
    /** The most slots looked at in one plan; a longer gap is skipped a piece at a time. */
    static final int MAX_SCAN = 100_000;

    static final SlotPlan NOTHING = new SlotPlan(List.of(), null);

    public static SlotPlan of(ScheduleRecord schedule, ScheduleTimes times, Instant now) {
        Instant from = schedule.lastSlot() != null ? schedule.lastSlot() : schedule.createdAt();
        int keep = schedule.missedFire() == ScheduleRecord.MissedFire.CATCH_UP
                ? Math.max(1, schedule.catchUpLimit()) : 1;
        Deque<Instant> newest = new ArrayDeque<>(keep);
        Instant last = null;
        int scanned = 0;
        for (Optional<Instant> next = times.next(from); next.isPresent() && !next.get().isAfter(now);
             next = times.next(next.get())) {
            last = next.get();
            if (newest.size() == keep) {
                newest.removeFirst();
            }
            newest.addLast(last);
            if (++scanned == MAX_SCAN && times.next(last).map(t -> !t.isAfter(now)).orElse(false)) {
                return new SlotPlan(List.of(), last); // far behind: skip this stretch, continue next tick
            }
        }
        if (last == null) {
            return NOTHING;
        }
        return switch (schedule.missedFire()) {
            case SKIP -> new SlotPlan(Duration.between(last, now).compareTo(ON_TIME) < 0 ? List.of(last) : List.of(),
                    last);
            case RUN_ONCE -> new SlotPlan(List.of(last), last);
            case CATCH_UP -> new SlotPlan(List.copyOf(newest), last);
        };
    }
}
