package io.meridian.store.postgres;

import static io.meridian.store.StoreFixtures.at;
import static io.meridian.store.postgres.Records.execution;
import static io.meridian.store.postgres.Records.pipeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.model.execution.ExecutionStatus;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.StoreWrite;
import io.meridian.store.StoreWrite.PutExecution;
import io.meridian.store.query.ExecutionPage;
import io.meridian.store.query.ExecutionQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Keyset paging and filters of {@code executions(ExecutionQuery)}. */
class ExecutionQueryTest extends FreshSchema {

    private static final Comparator<ExecutionRecord> NEWEST_FIRST = Comparator
            .comparing(ExecutionRecord::createdAt).thenComparing(ExecutionRecord::id).reversed();

    @Test
    void pagesWalkEveryExecutionNewestFirstOnceEvenWithEqualCreationTimes() {
        // 3 executions per millisecond: the id breaks the tie
        List<ExecutionRecord> all = IntStream.range(0, 30)
                .mapToObj(i -> execution("x" + (char) ('a' + i % 26) + i, ExecutionStatus.RUNNING, at(i / 3))).toList();
        store.commit(all.stream().<StoreWrite>map(PutExecution::new).toList());

        List<ExecutionRecord> walked = walk(ExecutionQuery.newest(7));

        assertThat(walked).containsExactlyElementsOf(all.stream().sorted(NEWEST_FIRST).toList());
    }

    @Test
    void aPageContinuesAfterTheCursorWhateverWasInsertedMeanwhile() {
        commit(execution("old", ExecutionStatus.RUNNING, at(0)), execution("mid", ExecutionStatus.RUNNING, at(10)),
                execution("new", ExecutionStatus.RUNNING, at(20)));
        ExecutionPage first = store.executions(ExecutionQuery.newest(1));
        commit(execution("newer", ExecutionStatus.RUNNING, at(30)), execution("between", ExecutionStatus.RUNNING, at(15)));

        ExecutionPage second = store.executions(new ExecutionQuery(null, null, Set.of(), null, null, first.next(), 10));

        assertThat(first.items()).extracting(ExecutionRecord::id).containsExactly("new");
        assertThat(second.items()).extracting(ExecutionRecord::id).containsExactly("between", "mid", "old");
        assertThat(second.next()).isNull();
    }

    @Test
    void theLastPageHasNoCursorAndAnExactFitDoesNotPromiseMore() {
        commit(execution("a", ExecutionStatus.RUNNING, at(0)), execution("b", ExecutionStatus.RUNNING, at(1)));
        assertThat(store.executions(ExecutionQuery.newest(2)).next()).isNull();
        assertThat(store.executions(ExecutionQuery.newest(1)).next()).isNotNull();
    }

    @Test
    void filtersByPipelineIdAndVersion() {
        store.commit(List.of(
                new PutExecution(execution("a1", pipeline("a", 1), ExecutionStatus.RUNNING, at(0), at(0))),
                new PutExecution(execution("a2", pipeline("a", 2), ExecutionStatus.RUNNING, at(1), at(1))),
                new PutExecution(execution("a2b", pipeline("a", 2), ExecutionStatus.SUCCEEDED, at(2), at(2))),
                new PutExecution(execution("b1", pipeline("b", 1), ExecutionStatus.RUNNING, at(3), at(3)))));

        assertThat(ids(query("a", null, Set.of()))).containsExactly("a2b", "a2", "a1");
        assertThat(ids(query("a", 2, Set.of()))).containsExactly("a2b", "a2");
        assertThat(ids(query(null, 1, Set.of()))).containsExactly("b1", "a1");
        assertThat(ids(query("a", 2, Set.of(ExecutionStatus.SUCCEEDED)))).containsExactly("a2b");
        assertThat(ids(query("c", null, Set.of()))).isEmpty();
    }

    @Test
    void filtersByOneOrSeveralStatuses() {
        commit(execution("r", ExecutionStatus.RUNNING, at(0)), execution("p", ExecutionStatus.PAUSED, at(1)),
                execution("s", ExecutionStatus.SUCCEEDED, at(2)), execution("f", ExecutionStatus.FAILED, at(3)));

        assertThat(ids(query(null, null, Set.of(ExecutionStatus.PAUSED)))).containsExactly("p");
        assertThat(ids(query(null, null, Set.of(ExecutionStatus.FAILED, ExecutionStatus.RUNNING))))
                .containsExactly("f", "r");
    }

    @Test
    void filtersByCreationTimeFromInclusiveToExclusive() {
        commit(execution("t0", ExecutionStatus.RUNNING, at(0)), execution("t10", ExecutionStatus.RUNNING, at(10)),
                execution("t20", ExecutionStatus.RUNNING, at(20)), execution("t30", ExecutionStatus.RUNNING, at(30)));

        ExecutionQuery window = new ExecutionQuery(null, null, Set.of(), at(10), at(30), null, 10);

        assertThat(ids(store.executions(window))).containsExactly("t20", "t10");
    }

    @Test
    void pagingKeepsTheFiltersAcrossPages() {
        List<ExecutionRecord> all = IntStream.range(0, 12).mapToObj(i -> execution("e" + i,
                i % 2 == 0 ? ExecutionStatus.SUCCEEDED : ExecutionStatus.FAILED, at(i))).toList();
        store.commit(all.stream().<StoreWrite>map(PutExecution::new).toList());

        List<ExecutionRecord> walked = walk(new ExecutionQuery(null, null, Set.of(ExecutionStatus.FAILED), null, null,
                null, 2));

        assertThat(walked).extracting(ExecutionRecord::id).containsExactly("e11", "e9", "e7", "e5", "e3", "e1");
    }

    @Test
    void aCursorThatWasNotIssuedIsRefusedSayingSo() {
        ExecutionQuery bogus = new ExecutionQuery(null, null, Set.of(), null, null, "not-a-cursor", 10);
        assertThatThrownBy(() -> store.executions(bogus)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid page cursor 'not-a-cursor'");
    }

    @Test
    void instantsKeepMicrosecondsAndDropNothingCoarser() {
        Instant precise = Instant.parse("2026-03-04T05:06:07.123456789Z");
        commit(execution("p", ExecutionStatus.RUNNING, precise));
        assertThat(store.execution("p").orElseThrow().createdAt()).isEqualTo(Instant.parse("2026-03-04T05:06:07.123456Z"));
    }

    private List<ExecutionRecord> walk(ExecutionQuery first) {
        List<ExecutionRecord> walked = new ArrayList<>();
        ExecutionQuery q = first;
        while (true) {
            ExecutionPage page = store.executions(q);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(q.limit());
            walked.addAll(page.items());
            if (page.next() == null) {
                return walked;
            }
            q = new ExecutionQuery(q.pipelineId(), q.pipelineVersion(), q.statuses(), q.createdFrom(), q.createdTo(),
                    page.next(), q.limit());
        }
    }

    private ExecutionPage query(String pipelineId, Integer version, Set<ExecutionStatus> statuses) {
        return store.executions(new ExecutionQuery(pipelineId, version, statuses, null, null, null, 100));
    }

    private static List<String> ids(ExecutionPage page) {
        return page.items().stream().map(ExecutionRecord::id).toList();
    }

    private void commit(ExecutionRecord... executions) {
        store.commit(java.util.Arrays.stream(executions).<StoreWrite>map(PutExecution::new).toList());
    }
}
