package io.meridian.client;

import java.util.ArrayList;
import java.util.List;

/**
 * Which events to read from {@code GET /v1/events}: after a sequence number, of some types, of one execution.
 *
 * @param after       only events with a greater sequence (0: from the oldest kept)
 * @param types       short type names ({@code job.failed}); empty for every type
 * @param executionId one execution's events only; null for all
 * @param limit       events per page, 1-1000
 * @param waitMillis  how long a page may wait for the first matching event (a long poll); 0 answers at once
 */
public record EventFilter(long after, List<String> types, String executionId, int limit, long waitMillis) {

    public EventFilter {
        types = types == null ? List.of() : List.copyOf(types);
        if (after < 0 || limit < 1 || limit > 1000 || waitMillis < 0) {
            throw new IllegalArgumentException("after and wait_millis must be 0 or more and limit 1-1000, got after "
                    + after + ", limit " + limit + ", wait " + waitMillis);
        }
    }

    /** Every event after {@code sequence}, 100 a page, answered at once. */
    public static EventFilter after(long sequence) {
        return new EventFilter(sequence, List.of(), null, 100, 0);
    }

    public EventFilter withAfter(long sequence) {
        return new EventFilter(sequence, types, executionId, limit, waitMillis);
    }

    public EventFilter withTypes(List<String> names) {
        return new EventFilter(after, names, executionId, limit, waitMillis);
    }

    public EventFilter withExecution(String id) {
        return new EventFilter(after, types, id, limit, waitMillis);
    }

    public EventFilter withWait(long millis) {
        return new EventFilter(after, types, executionId, limit, millis);
    }

    String queryString() {
        List<String> q = new ArrayList<>();
        q.add("after=" + after);
        q.add("limit=" + limit);
        if (!types.isEmpty()) {
            q.add("type=" + Paths.query(String.join(",", types)));
        }
        if (executionId != null) {
            q.add("execution=" + Paths.query(executionId));
        }
        if (waitMillis > 0) {
            q.add("wait_millis=" + waitMillis);
        }
        return "?" + String.join("&", q);
    }
}
