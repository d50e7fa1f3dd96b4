package io.meridian.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.engine.testing.SettableClock;
import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.execution.StageStatus;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.FailurePolicy;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.model.pipeline.Stage;
import io.meridian.model.pipeline.StageDefaults;
import io.meridian.protocol.lease.LeaseGrant;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.Store;
import io.meridian.store.StoreWrite;
import io.meridian.store.memory.InMemoryStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A chain of N stages is O(N) to write: the whole execution is written once, when it starts, and each step after
 * that writes the header and the stages it changed. Counted in stage rows per commit, at the store's door.
 */
class ChainWritesTest {
    private static final int STAGES = 300;

    final SettableClock clock = new SettableClock();
    final List<List<StoreWrite>> commits = new ArrayList<>();
    final Store store = recording(new InMemoryStore());
    final Coordinator coordinator = Coordinator.manual(store, EngineSettings.DEFAULT, clock);
    final TestWorker worker = new TestWorker(coordinator.leases(), "w1");

    @AfterEach
    void close() {
        coordinator.close();
    }

    @Test
    void eachStepOfAChainWritesOnlyTheStagesItChanged() {
        List<Stage> chain = new ArrayList<>();
        for (int i = 0; i < STAGES; i++) {
            String[] before = i == 0 ? new String[0] : new String[] {"s" + (i - 1)};
            chain.add(OrchestratorTest.stage("s" + i, Json.object(), before));
        }
        Pipeline p = new Pipeline("chain", "chain", null, 1, FailurePolicy.FAIL_FAST, StageDefaults.DEFAULT, chain);
        String id = coordinator.startExecution(p, Json.object(), null).id();
        runEverything();

        ExecutionRecord done = coordinator.execution(id).orElseThrow();
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.stages().values()).hasSize(STAGES).allMatch(s -> s.status() == StageStatus.SUCCEEDED
                && s.output().path("step").asString().equals(s.stageId()));

        List<Integer> stagesPerCommit = commits.stream().map(ChainWritesTest::stageRows).toList();
        assertThat(commits.stream().flatMap(List::stream).filter(w -> w instanceof StoreWrite.PutExecution))
                .as("whole-execution writes").hasSize(1);
        // the execution's first commit writes every stage; each later one a stage finishing and the next starting,
        // at most (commits before it hold other changes, such as the worker's registration event)
        int first = 0;
        while (commits.get(first).stream().noneMatch(w -> w instanceof StoreWrite.PutExecution)) {
            first++;
        }
        assertThat(stagesPerCommit.subList(first + 1, stagesPerCommit.size())).allMatch(n -> n <= 2);
        assertThat(stagesPerCommit.stream().mapToInt(Integer::intValue).sum()).as("stage rows written in all")
                .isLessThanOrEqualTo(4 * STAGES);
    }

    @Test
    void aCoordinatorTakingOverRecoversTheUnfinishedExecutionFromItsStageRowsAndLeavesTheFinishedOne() {
        Pipeline two = new Pipeline("two", "two", null, 1, FailurePolicy.FAIL_FAST, StageDefaults.DEFAULT,
                List.of(OrchestratorTest.stage("a", Json.object()), OrchestratorTest.stage("b", Json.object(), "a")));
        String finished = coordinator.startExecution(two, Json.object(), null).id();
        runEverything();
        String unfinished = coordinator.startExecution(two, Json.object(), null).id();
        coordinator.close();

        Coordinator next = Coordinator.manual(store, EngineSettings.DEFAULT, clock);
        try {
            assertThat(next.recoverAll()).as("executions recovered").isEqualTo(1);
            TestWorker w = new TestWorker(next.leases(), "w2");
            List<LeaseGrant> batch;
            while (!(batch = w.take(10)).isEmpty()) {
                batch.forEach(g -> w.succeed(g.lease(), Json.object().put("step", g.stageId())));
            }
            assertThat(next.execution(unfinished).orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(next.execution(unfinished).orElseThrow().stages().get("b").output().path("step").asString())
                    .isEqualTo("b");
            assertThat(next.execution(finished).orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        } finally {
            next.close();
        }
    }

    private void runEverything() {
        List<LeaseGrant> batch;
        while (!(batch = worker.take(10)).isEmpty()) {
            batch.forEach(g -> worker.succeed(g.lease(), Json.object().put("step", g.stageId())));
        }
    }

    private static int stageRows(List<StoreWrite> commit) {
        return commit.stream().mapToInt(w -> switch (w) {
            case StoreWrite.PutExecution x -> x.execution().stages().size();
            case StoreWrite.PutStage s -> 1;
            default -> 0;
        }).sum();
    }

    /** The store, with every commit's writes noted before they go on. */
    private Store recording(Store target) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("commit")) {
                        @SuppressWarnings("unchecked")
                        List<StoreWrite> writes = (List<StoreWrite>) args[0];
                        synchronized (commits) {
                            commits.add(List.copyOf(writes));
                        }
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
