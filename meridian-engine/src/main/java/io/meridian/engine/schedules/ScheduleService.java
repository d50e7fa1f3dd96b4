package io.meridian.engine.schedules;

import io.meridian.engine.time.EngineClock;
import io.meridian.model.event.EventType;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.store.event.EventRecord;
import io.meridian.store.schedule.ScheduleRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's schedules: loaded from the store when a coordinator is built (on start and on every takeover), fired
 * on each tick, changed only through here. Exactly one firing per slot across coordinators rests on three things:
 * only the leader's coordinator exists to fire (and its store is fenced by its epoch, so a deposed one cannot
 * commit); a slot's execution has the request id {@link #requestId}, which the store keeps unique; and the
 * schedule's last slot commits with the execution, so a new leader continues after it.
 */
public final class ScheduleService {
    private static final Logger log = LoggerFactory.getLogger(ScheduleService.class);

    private final Map<String, ScheduleRecord> schedules = new TreeMap<>();
    private final Map<String, ScheduleTimes> times = new TreeMap<>();
    private final ScheduledRuns runs;
    private final EngineClock clock;

    public ScheduleService(List<ScheduleRecord> stored, ScheduledRuns runs, EngineClock clock) {
        this.runs = runs;
        this.clock = clock;
        stored.forEach(s -> {
            schedules.put(s.id(), s);
            times.put(s.id(), timesOf(s));
        });
    }

    /** The request id of the execution a slot starts: the same on every coordinator, so a slot starts one. */
    public static String requestId(String scheduleId, Instant slot) {
        return "schedule:" + scheduleId + ":" + slot.toEpochMilli();
    }

    static ScheduleTimes timesOf(ScheduleRecord s) {
        return s.cron() != null ? ScheduleTimes.cron(s.cron(), s.zone()) : ScheduleTimes.every(s.every());
    }

    public synchronized List<ScheduleRecord> list() {
        return List.copyOf(schedules.values());
    }

    public synchronized Optional<ScheduleRecord> get(String id) {
        return Optional.ofNullable(schedules.get(id));
    }

    /** The next slot after its last one (or after now, if later), or empty when it never fires again. */
    public synchronized Optional<Instant> nextSlot(ScheduleRecord s) {
        ScheduleTimes t = times.get(s.id());
        if (t == null) {
            return Optional.empty();
        }
        Instant now = clock.now();
        Instant from = s.lastSlot() != null && s.lastSlot().isAfter(now) ? s.lastSlot() : now;
        return t.next(from);
    }

    /** Stores a new schedule; IllegalArgumentException for a bad definition, IllegalStateException if id is taken. */
    public synchronized ScheduleRecord create(ScheduleDefinition definition) {
        Instant now = clock.now();
        ScheduleRecord s = definition.toRecord(now);
        ScheduleTimes t = timesOf(s);
        runs.checkInputs(s.inputs());
        if (schedules.containsKey(s.id())) {
            throw new IllegalStateException("schedule '" + s.id() + "' already exists; delete it first");
        }
        if (runs.pipeline(s.pipelineId(), s.pipelineVersion()).isEmpty()) {
            throw new IllegalArgumentException("pipeline '" + s.pipelineId() + "'"
                    + (s.pipelineVersion() == null ? "" : " version " + s.pipelineVersion())
                    + " is not registered; register it first (POST /v1/pipelines)");
        }
        runs.save(s.id(), s, event(EventType.SCHEDULE_CREATED, s, Map.of("pipeline_id", s.pipelineId())));
        schedules.put(s.id(), s);
        times.put(s.id(), t);
        return s;
    }

    /** Pauses or resumes; empty when unknown. Resuming never fires slots that passed while paused. */
    public synchronized Optional<ScheduleRecord> setPaused(String id, boolean paused) {
        ScheduleRecord s = schedules.get(id);
        if (s == null || s.paused() == paused) {
            return Optional.ofNullable(s);
        }
        ScheduleRecord changed = s.withPaused(paused, clock.now());
        runs.save(id, changed, event(paused ? EventType.SCHEDULE_PAUSED : EventType.SCHEDULE_RESUMED, changed,
                Map.of()));
        schedules.put(id, changed);
        return Optional.of(changed);
    }

    /** Deletes; false when unknown. Executions it started are left alone. */
    public synchronized boolean delete(String id) {
        ScheduleRecord s = schedules.get(id);
        if (s == null) {
            return false;
        }
        runs.save(id, null, event(EventType.SCHEDULE_DELETED, s, Map.of()));
        schedules.remove(id);
        times.remove(id);
        return true;
    }

    /** Fires every due slot of every active schedule (called on the leader's tick). */
    public synchronized void fireDue() {
        for (String id : List.copyOf(schedules.keySet())) {
            ScheduleRecord s = schedules.get(id);
            if (s.paused()) {
                continue;
            }
            SlotPlan plan = SlotPlan.of(s, times.get(id), clock.now());
            try {
                fire(s, plan);
            } catch (RuntimeException e) {
                if (e instanceof io.meridian.store.StoreException) {
                    throw e; // the store or this coordinator failed: not the schedule's fault
                }
                skipAfterFailure(schedules.get(id), plan, e);
            }
        }
    }

    /** A slot that cannot start (inputs over the limit, say) is skipped with the reason, not retried every tick. */
    private void skipAfterFailure(ScheduleRecord s, SlotPlan plan, RuntimeException e) {
        log.warn("Schedule {} could not fire the slots up to {}: {}; they are skipped and it fires again from the "
                + "next slot", s.id(), plan.through(), e.getMessage());
        ScheduleRecord skipped = s.handled(plan.through(), null, clock.now());
        runs.save(s.id(), skipped, event(EventType.SCHEDULE_SKIPPED, skipped, Map.of("slot",
                plan.through().toString(), "reason", String.valueOf(e.getMessage()))));
        schedules.put(s.id(), skipped);
    }

    private void fire(ScheduleRecord s, SlotPlan plan) {
        if (plan.through() == null) {
            return;
        }
        ScheduleRecord current = s;
        for (Instant slot : plan.fire()) {
            current = fireSlot(current, slot);
            schedules.put(s.id(), current);
        }
        if (!plan.through().equals(current.lastSlot())) {
            log.info("Schedule {}: slots up to {} were missed and are skipped ({} policy)", s.id(), plan.through(),
                    s.missedFire().name().toLowerCase(java.util.Locale.ROOT));
            current = current.handled(plan.through(), null, clock.now());
            runs.save(s.id(), current, null);
        }
        schedules.put(s.id(), current);
    }

    private ScheduleRecord fireSlot(ScheduleRecord s, Instant slot) {
        Instant now = clock.now();
        String previous = s.lastExecutionId();
        if (previous != null && s.overlap() != ScheduleRecord.Overlap.ALLOW && runs.unfinished(previous)) {
            if (s.overlap() == ScheduleRecord.Overlap.SKIP) {
                ScheduleRecord skipped = s.handled(slot, null, now);
                runs.save(s.id(), skipped, event(EventType.SCHEDULE_SKIPPED, skipped, Map.of("slot", slot.toString(),
                        "reason", "execution " + previous + " is still running")));
                return skipped;
            }
            runs.cancel(previous);
        }
        Pipeline pipeline = runs.pipeline(s.pipelineId(), s.pipelineVersion()).orElseThrow(() ->
                new IllegalStateException("pipeline '" + s.pipelineId() + "' is no longer registered"));
        ScheduleRecord handled = s.handled(slot, null, now);
        String executionId = runs.start(pipeline, s.inputs(), requestId(s.id(), slot), handled, x ->
                EventRecord.unnumbered(EventType.SCHEDULE_FIRED, now, x, s.id(), Map.of("slot", slot.toString(),
                        "pipeline_id", pipeline.id(), "pipeline_version", pipeline.version())));
        return s.handled(slot, executionId, now);
    }

    private EventRecord event(EventType type, ScheduleRecord s, Map<String, Object> data) {
        return EventRecord.unnumbered(type, clock.now(), null, s.id(), data);
    }
}
