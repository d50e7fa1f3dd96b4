package io.meridian.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.engine.orchestrator.RequestIdConflict;
import io.meridian.engine.time.SystemClock;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.model.pipeline.PipelineBuilder;
import io.meridian.model.text.InvalidFieldException;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.memory.InMemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A request id names one request: repeating it returns the first execution; reusing it for another is 409. */
class RequestIdTest {
    final InMemoryStore store = new InMemoryStore();
    final Coordinator coordinator = Coordinator.start(store, EngineSettings.DEFAULT, SystemClock.INSTANCE,
            Duration.ofMillis(50));

    @AfterEach
    void close() {
        coordinator.close();
    }

    static Pipeline pipeline(String id) {
        return PipelineBuilder.pipeline(id).stage("a", "noop").buildUnchecked();
    }

    @Test
    void theSameRequestReturnsTheFirstExecution() {
        ExecutionRecord first = coordinator.startExecution(pipeline("p"), Json.object().put("n", 1), "req-1");
        ExecutionRecord again = coordinator.startExecution(pipeline("p"), Json.object().put("n", 1), "req-1");
        assertThat(again.id()).isEqualTo(first.id());
    }

    @Test
    void aDifferentPipelineOrDifferentInputsUnderTheSameIdIsAConflict() {
        ExecutionRecord first = coordinator.startExecution(pipeline("p"), Json.object().put("n", 1), "req-1");

        assertThatThrownBy(() -> coordinator.startExecution(pipeline("other"), Json.object().put("n", 1), "req-1"))
                .isInstanceOfSatisfying(RequestIdConflict.class, e -> assertThat(e.executionId()).isEqualTo(first.id()))
                .hasMessageContaining("pipeline 'p'").hasMessageContaining("'other'");
        assertThatThrownBy(() -> coordinator.startExecution(pipeline("p"), Json.object().put("n", 2), "req-1"))
                .isInstanceOf(RequestIdConflict.class).hasMessageContaining("different inputs");
        assertThat(store.executions(10)).hasSize(1);
    }

    @Test
    void concurrentStartsWithOneIdStartOneExecution() throws Exception {
        List<Callable<String>> starts = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            starts.add(() -> coordinator.startExecution(pipeline("p"), Json.object(), "same").id());
        }
        List<String> ids = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<String> f : threads.invokeAll(starts)) {
                ids.add(f.get());
            }
        }
        assertThat(ids).containsOnly(ids.getFirst());
        assertThat(store.executions(100)).hasSize(1);
    }

    @Test
    void hostileRequestIdsAreRefusedBeforeTheStore() {
        assertThatThrownBy(() -> coordinator.startExecution(pipeline("p"), Json.object(), "a\u0000b"))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("request_id");
        assertThatThrownBy(() -> coordinator.startExecution(pipeline("p"), Json.object(), "x".repeat(256)))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("255");
        coordinator.startExecution(pipeline("p"), Json.object(), "x".repeat(255));
        assertThat(store.executions(10)).hasSize(1);
    }
}
