package io.meridian.store.memory;

import io.meridian.store.ExecutionRecord;
import io.meridian.store.query.ExecutionCursor;
import io.meridian.store.query.ExecutionPage;
import io.meridian.store.query.ExecutionQuery;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Answers an {@link ExecutionQuery} over executions held in memory, with the same keyset paging as SQL stores. */
final class ExecutionMatcher {

    static final Comparator<ExecutionRecord> NEWEST_FIRST = Comparator.comparing(ExecutionRecord::createdAt)
            .thenComparing(ExecutionRecord::id).reversed();

    private ExecutionMatcher() {}

    static ExecutionPage page(Collection<ExecutionRecord> all, ExecutionQuery q) {
        ExecutionCursor after = q.after() == null ? null : ExecutionCursor.decode(q.after());
        List<ExecutionRecord> hits = all.stream()
                .filter(x -> matches(x, q) && (after == null || after.precedes(x)))
                .sorted(NEWEST_FIRST).limit(q.limit() + 1L).toList();
        if (hits.size() <= q.limit()) {
            return new ExecutionPage(hits, null);
        }
        List<ExecutionRecord> page = hits.subList(0, q.limit());
        return new ExecutionPage(page, ExecutionCursor.after(page.getLast()).encode());
    }

    static boolean matches(ExecutionRecord x, ExecutionQuery q) {
        return (q.pipelineId() == null || q.pipelineId().equals(x.pipeline().id()))
                && (q.pipelineVersion() == null || q.pipelineVersion() == x.pipeline().version())
                && (q.statuses().isEmpty() || q.statuses().contains(x.status()))
                && (q.createdFrom() == null || !x.createdAt().isBefore(q.createdFrom()))
                && (q.createdTo() == null || x.createdAt().isBefore(q.createdTo()));
    }
}
