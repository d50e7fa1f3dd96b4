package io.meridian.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.store.FaultyStore;
import io.meridian.engine.testing.SettableClock;
import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.FailurePolicy;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.StoreException;
import io.meridian.store.memory.InMemoryStore;
import org.junit.jupiter.api.Test;

/**
 * A new leader must not inherit a poison: an execution whose reload throws is failed with the cause, and every
 * other execution carries on. A store that is down, though, fails the whole takeover and marks nothing failed.
 */
class TakeoverReloadTest {
    final SettableClock clock = new SettableClock();
    final InMemoryStore memory = new InMemoryStore();

    /** Starts two one-stage executions on the store, as the previous leader did; returns their ids. */
    String[] twoRunningExecutions() {
        try (Coordinator previous = Coordinator.manual(memory, EngineSettings.DEFAULT, clock)) {
            var pipeline = OrchestratorTest.pipeline(FailurePolicy.FAIL_FAST, OrchestratorTest.stage("a", Json.object()));
            return new String[] {previous.startExecution(pipeline, Json.object(), null).id(),
                    previous.startExecution(pipeline, Json.object(), null).id()};
        }
    }

    @Test
    void anExecutionWhoseReloadThrowsIsFailedWithTheCauseAndTheOthersRun() {
        String[] ids = twoRunningExecutions();
        String poison = ids[0];
        FaultyStore faulty = new FaultyStore(memory).failWhen("jobsOfExecution", args -> poison.equals(args[0]),
                new StackOverflowError());
        try (Coordinator next = Coordinator.manual(faulty.store, EngineSettings.DEFAULT, clock)) {
            assertThat(next.recoverAll()).isEqualTo(2);

            ExecutionRecord failed = next.execution(poison).orElseThrow();
            assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(failed.error()).isEqualTo("execution could not be reloaded after a leadership change: "
                    + "StackOverflowError");
            assertThat(memory.execution(poison).orElseThrow().status()).as("durably").isEqualTo(ExecutionStatus.FAILED);

            assertThat(next.execution(ids[1]).orElseThrow().status()).isEqualTo(ExecutionStatus.RUNNING);
            assertThat(new TestWorker(next.leases(), "w").take(10)).as("the healthy execution's job is served")
                    .hasSize(1).allMatch(g -> !g.executionId().equals(poison));
            assertThat(next.unfit()).as("the coordinator itself is fine").isEmpty();
        }
    }

    @Test
    void aStoreThatIsDownFailsTheTakeoverAndMarksNothingFailed() {
        String[] ids = twoRunningExecutions();
        try (Coordinator next = Coordinator.manual(memory, EngineSettings.DEFAULT, clock)) {
            // The list of executions was read; then the store goes away: the reload fails and so does a probe.
            FaultyStore faulty = new FaultyStore(memory);
            StoreException down = new StoreException("connection refused");
            faulty.fail("jobsOfExecution", down).fail("leadership", down);
            try (Coordinator failing = Coordinator.manual(faulty.store, EngineSettings.DEFAULT, clock)) {
                assertThatThrownBy(failing::recoverAll).isSameAs(down);
            }
        }
        assertThat(memory.execution(ids[0]).orElseThrow().status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(memory.execution(ids[1]).orElseThrow().status()).isEqualTo(ExecutionStatus.RUNNING);
    }
}
