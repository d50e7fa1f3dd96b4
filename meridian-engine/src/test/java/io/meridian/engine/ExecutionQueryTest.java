package io.meridian.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.engine.testing.SettableClock;
import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.FailurePolicy;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.memory.InMemoryStore;
import io.meridian.store.query.ExecutionPage;
import io.meridian.store.query.ExecutionQuery;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExecutionQueryTest {
    final SettableClock clock = new SettableClock();
    final Coordinator coordinator = Coordinator.manual(new InMemoryStore(), EngineSettings.DEFAULT, clock);

    @AfterEach
    void close() {
        coordinator.close();
    }

    @Test
    void queriesFilterAndPageThroughTheStore() {
        for (int i = 0; i < 5; i++) {
            ExecutionRecord x = coordinator.startExecution(OrchestratorTest.pipeline(FailurePolicy.FAIL_FAST,
                    OrchestratorTest.stage("s", Json.object())), Json.object(), null);
            if (i % 2 == 0) {
                coordinator.cancelExecution(x.id());
            }
            clock.advance(Duration.ofSeconds(1));
        }
        ExecutionPage first = coordinator.executions(new ExecutionQuery("p", 1, Set.of(ExecutionStatus.CANCELLED),
                null, null, null, 2));
        assertThat(first.items()).hasSize(2).allMatch(x -> x.status() == ExecutionStatus.CANCELLED);
        ExecutionPage second = coordinator.executions(new ExecutionQuery("p", 1, Set.of(ExecutionStatus.CANCELLED),
                null, null, first.next(), 2));
        assertThat(second.items()).hasSize(1);
        assertThat(second.next()).isNull();
        assertThat(coordinator.executions(new ExecutionQuery("other", null, null, null, null, null, 10)).items())
                .isEmpty();
    }
}
