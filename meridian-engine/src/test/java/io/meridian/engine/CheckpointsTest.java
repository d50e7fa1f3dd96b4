package io.meridian.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.engine.testing.SettableClock;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.FailurePolicy;
import io.meridian.protocol.state.CheckpointLink;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.memory.InMemoryStore;
import io.meridian.store.query.Checkpoint;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CheckpointsTest {
    final SettableClock clock = new SettableClock();
    final InMemoryStore store = new InMemoryStore();
    final Coordinator coordinator = Coordinator.manual(store, EngineSettings.DEFAULT, clock);
    final ExecutionRecord x = coordinator.startExecution(OrchestratorTest.pipeline(FailurePolicy.FAIL_FAST,
            OrchestratorTest.stage("train", Json.object())), Json.object(), null);

    @AfterEach
    void close() {
        coordinator.close();
    }

    @Test
    void linkedCheckpointsAreDurableAndListedOldestFirstWithTheLatestId() {
        assertThat(coordinator.checkpoints().latestId(x.id())).isNull();
        coordinator.checkpoints().link(x.id(), "epoch-1", "train", Json.parse("{\"loss\":0.9}")).orElseThrow();
        clock.advance(Duration.ofSeconds(1));
        coordinator.checkpoints().link(x.id(), "epoch-2", null, null).orElseThrow();
        assertThat(store.checkpoints(x.id())).extracting(Checkpoint::checkpointId).containsExactly("epoch-1", "epoch-2");
        assertThat(store.checkpoints(x.id()).getFirst().metadata()).isEqualTo(Json.parse("{\"loss\":0.9}"));
        assertThat(coordinator.checkpoints().latestId(x.id())).isEqualTo("epoch-2");
    }

    @Test
    void anUnknownExecutionOrStageOrAnEmptyIdIsRefused() {
        assertThat(coordinator.checkpoints().link("nope", "c", null, null)).isEmpty();
        assertThatThrownBy(() -> coordinator.checkpoints().link(x.id(), "c", "evaluate", null))
                .hasMessage("stage_id 'evaluate' is not a stage of pipeline 'p'");
        assertThatThrownBy(() -> coordinator.checkpoints().link(x.id(), "", null, null))
                .hasMessage("checkpoint_id must not be empty");
        assertThatThrownBy(() -> coordinator.taskState().linkCheckpoint(new CheckpointLink("nope", "c", null, null)))
                .hasMessage("execution 'nope' not found");
        assertThat(store.checkpoints(x.id())).isEmpty();
    }

    @Test
    void inProcessWorkersLinkThroughTheTaskStateProtocol() {
        coordinator.taskState().linkCheckpoint(new CheckpointLink(x.id(), "offset-42", "train", null));
        assertThat(coordinator.checkpoints().latestId(x.id())).isEqualTo("offset-42");
    }
}
