package io.meridian.engine.queue;

import io.meridian.model.event.EventType;
import io.meridian.store.event.EventRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The events of one job: its state changes, progress messages and log lines. */
final class JobEvents {

    /** Longest error, progress message or log text an event carries: events are small, the job keeps the rest. */
    static final int MAX_TEXT = 2048;

    private JobEvents() {}

    static EventRecord of(JobEntry job, EventType type, Instant time) {
        Map<String, Object> data = base(job);
        switch (type) {
            case JOB_LEASED, JOB_STARTED -> putIfSet(data, "worker_id", job.workerId);
            case JOB_FAILED, JOB_DEAD -> putIfSet(data, "error", cut(job.error));
            case JOB_RETRY_SCHEDULED -> {
                putIfSet(data, "error", cut(job.error));
                putIfSet(data, "not_before", job.notBefore == null ? null : job.notBefore.toString());
            }
            default -> { }
        }
        return EventRecord.unnumbered(type, time, job.spec.executionId(), job.id(), data);
    }

    static EventRecord progress(JobEntry job, String message, Instant time) {
        Map<String, Object> data = base(job);
        data.put("message", cut(message));
        return EventRecord.unnumbered(EventType.JOB_PROGRESS, time, job.spec.executionId(), job.id(), data);
    }

    static EventRecord log(JobEntry job, List<String> lines, Instant time) {
        Map<String, Object> data = base(job);
        data.put("lines", (long) lines.size());
        data.put("text", cut(String.join("\n", lines)));
        return EventRecord.unnumbered(EventType.JOB_LOG, time, job.spec.executionId(), job.id(), data);
    }

    private static Map<String, Object> base(JobEntry job) {
        Map<String, Object> data = new TreeMap<>();
        data.put("job_id", job.id());
        data.put("type", job.spec.type());
        data.put("attempt", (long) job.attempt);
        putIfSet(data, "stage_id", job.spec.stageId());
        if (job.spec.stageId() != null) {
            data.put("item_index", (long) job.spec.itemIndex());
        }
        return data;
    }

    private static void putIfSet(Map<String, Object> data, String key, String value) {
        if (value != null) {
            data.put(key, value);
        }
    }

    private static String cut(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
    }
}
