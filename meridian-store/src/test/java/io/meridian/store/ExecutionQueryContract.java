package io.meridian.store;

import static io.meridian.store.StoreAccess.executionOf;
import static io.meridian.store.StoreFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.model.execution.ExecutionStatus;
import io.meridian.store.StoreWrite.PutExecution;
import io.meridian.store.query.ExecutionPage;
import io.meridian.store.query.ExecutionQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Store#executions(ExecutionQuery)}: filters, newest-first order and keyset paging. */
public interface ExecutionQueryContract extends StoreAccess {

    private ExecutionPage run(String pipelineId, Integer version, Set<ExecutionStatus> statuses, Instant from,
                              Instant to, String after, int limit) {
        return storeUnderTest().executions(new ExecutionQuery(pipelineId, version, statuses, from, to, after, limit));
    }

    private List<String> ids(ExecutionPage page) {
        return page.items().stream().map(ExecutionRecord::id).toList();
    }

    private void seedThreePipelines() {
        write(new PutExecution(executionOf("a1", "alpha", 1, ExecutionStatus.SUCCEEDED, at(10), at(11))),
                new PutExecution(executionOf("a2", "alpha", 2, ExecutionStatus.FAILED, at(20), at(21))),
                new PutExecution(executionOf("a3", "alpha", 2, ExecutionStatus.RUNNING, at(30), at(30))),
                new PutExecution(executionOf("b1", "beta", 1, ExecutionStatus.CANCELLED, at(15), at(16))),
                new PutExecution(executionOf("c1", "alphabet", 1, ExecutionStatus.RUNNING, at(25), at(25))));
    }

    @Test
    default void executionsAreFoundByPipelineIdNewestFirst() {
        seedThreePipelines();
        assertThat(ids(run("alpha", null, null, null, null, null, 10))).containsExactly("a3", "a2", "a1");
        assertThat(ids(run("beta", null, null, null, null, null, 10))).containsExactly("b1");
        assertThat(ids(run("gamma", null, null, null, null, null, 10))).isEmpty();
    }

    @Test
    default void executionsAreFoundByPipelineIdAndVersion() {
        seedThreePipelines();
        assertThat(ids(run("alpha", 2, null, null, null, null, 10))).containsExactly("a3", "a2");
        assertThat(ids(run("alpha", 7, null, null, null, null, 10))).isEmpty();
    }

    @Test
    default void executionsAreFoundByAnyOfSeveralStatuses() {
        seedThreePipelines();
        Set<ExecutionStatus> finished = Set.of(ExecutionStatus.SUCCEEDED, ExecutionStatus.CANCELLED);
        assertThat(ids(run(null, null, finished, null, null, null, 10))).containsExactly("b1", "a1");
        assertThat(ids(run("alpha", null, Set.of(ExecutionStatus.RUNNING), null, null, null, 10)))
                .containsExactly("a3");
        assertThat(ids(run(null, null, Set.of(), null, null, null, 10))).hasSize(5);
    }

    @Test
    default void theCreatedRangeIncludesItsStartAndExcludesItsEnd() {
        seedThreePipelines();
        assertThat(ids(run(null, null, null, at(15), at(25), null, 10))).containsExactly("a2", "b1");
        assertThat(ids(run(null, null, null, at(21), null, null, 10))).containsExactly("a3", "c1");
        assertThat(ids(run(null, null, null, null, at(15), null, 10))).containsExactly("a1");
    }

    @Test
    default void pagingVisitsEveryMatchExactlyOnceInOrder() {
        List<StoreWrite> batch = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            // groups of three share a creation time, so the id must break ties
            batch.add(new PutExecution(executionOf("x" + (char) ('a' + i), "paged", 1, ExecutionStatus.SUCCEEDED,
                    at(i / 3), at(100))));
        }
        batch.add(new PutExecution(executionOf("other", "elsewhere", 1, ExecutionStatus.SUCCEEDED, at(3), at(3))));
        storeUnderTest().commit(batch);
        List<String> everything = ids(run("paged", null, null, null, null, null, 100));
        assertThat(everything).hasSize(23).startsWith("xw", "xv", "xu", "xt").endsWith("xc", "xb", "xa");

        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            ExecutionPage page = run("paged", null, null, null, null, cursor, 10);
            seen.addAll(ids(page));
            sizes.add(page.items().size());
            cursor = page.next();
        } while (cursor != null);
        assertThat(sizes).containsExactly(10, 10, 3);
        assertThat(seen).isEqualTo(everything);
    }

    @Test
    default void aCursorStaysValidWhileNewerExecutionsArrive() {
        for (int i = 0; i < 6; i++) {
            write(new PutExecution(executionOf("e" + i, "p", 1, ExecutionStatus.RUNNING, at(i * 10), at(i * 10))));
        }
        ExecutionPage first = run("p", null, null, null, null, null, 3);
        assertThat(ids(first)).containsExactly("e5", "e4", "e3");
        write(new PutExecution(executionOf("newer", "p", 1, ExecutionStatus.RUNNING, at(1000), at(1000))));
        ExecutionPage second = run("p", null, null, null, null, first.next(), 3);
        assertThat(ids(second)).containsExactly("e2", "e1", "e0");
        assertThat(second.next()).isNull();
    }

    @Test
    default void aPageThatEndsExactlyAtTheLastMatchHasNoNextCursorAfterIt() {
        seedThreePipelines();
        ExecutionPage page = run("alpha", null, null, null, null, null, 3);
        assertThat(ids(page)).hasSize(3);
        assertThat(page.next()).isNull();
        ExecutionPage one = run("alpha", null, null, null, null, null, 1);
        assertThat(ids(one)).containsExactly("a3");
        assertThat(ids(run("alpha", null, null, null, null, one.next(), 1))).containsExactly("a2");
    }

    @Test
    default void aCursorNoStoreIssuedIsRefused() {
        assertThatThrownBy(() -> run(null, null, null, null, null, "not-a-cursor!", 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cursor");
        assertThatThrownBy(() -> new ExecutionQuery(null, null, null, null, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
    }
}
