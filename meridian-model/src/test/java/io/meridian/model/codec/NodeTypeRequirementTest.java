package io.meridian.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.model.pipeline.Pipeline;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A stage can require the node type its workers run on; an unknown one is refused where it is written. */
class NodeTypeRequirementTest {
    static final Set<String> TYPES = Set.of("noop");

    @Test
    void aStageRequiresANodeTypeAndItSurvivesTheRoundTrip() {
        Pipeline p = PipelineReader.read(Fixtures.yamlStage("requires: {capabilities: [camera], node_type: edge}"),
                "p.yaml", TYPES);
        assertThat(p.stages().getFirst().requires().nodeType()).isEqualTo("edge");
        assertThat(p.stages().getFirst().requires().matchesAnyWorker()).isFalse();
        Pipeline again = PipelineJson.fromJson(PipelineJson.toJson(p));
        assertThat(again.stages().getFirst().requires()).isEqualTo(p.stages().getFirst().requires());
        assertThat(PipelineReader.read(Fixtures.yamlStage("requires: {gpus: 1}"), "p.yaml", TYPES).stages()
                .getFirst().requires().nodeType()).as("any node type when not said").isNull();
    }

    @Test
    void anUnknownNodeTypeIsRefusedWithItsPlace() {
        assertThatThrownBy(() -> PipelineReader.read(Fixtures.yamlStage("requires: {node_type: fridge}"), "p.yaml",
                TYPES)).isInstanceOf(PipelineValidationException.class)
                .hasMessageContaining("p.yaml:5")
                .hasMessageContaining("stage 's'")
                .hasMessageContaining("node_type must be one of local, vm, container, edge, got 'fridge'");
    }
}
