package io.meridian.engine.registry;

import io.meridian.model.event.EventType;
import io.meridian.protocol.lease.WorkerRegistration;
import io.meridian.store.event.EventRecord;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** The events of a worker's life: registered, unhealthy, offline, deregistered. */
public final class WorkerEvents {

    private WorkerEvents() {}

    public static EventRecord registered(WorkerRegistration r, Instant time) {
        Map<String, Object> data = new TreeMap<>();
        data.put("worker_id", r.workerId());
        data.put("incarnation", r.incarnation());
        data.put("host", r.host());
        data.put("max_concurrency", (long) r.maxConcurrency());
        data.put("capabilities", String.join(",", r.capabilities()));
        if (r.region() != null) {
            data.put("region", r.region());
        }
        return EventRecord.unnumbered(EventType.WORKER_REGISTERED, time, null, r.workerId(), data);
    }

    /** A worker that changed state: {@code reason} says why, for people. */
    public static EventRecord of(EventType type, WorkerRegistry.Worker w, String reason, Instant time) {
        Map<String, Object> data = new TreeMap<>();
        data.put("worker_id", w.id());
        data.put("incarnation", w.registration.incarnation());
        data.put("reason", reason);
        return EventRecord.unnumbered(type, time, null, w.id(), data);
    }
}
