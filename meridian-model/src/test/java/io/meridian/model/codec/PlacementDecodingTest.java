package io.meridian.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.model.pipeline.Pipeline;
import io.meridian.model.pipeline.Placement;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlacementDecodingTest {
    static final Set<String> TYPES = Set.of("noop");

    @Test
    void stagesInheritTheDefaultStrategyOrSetTheirOwn() {
        Pipeline p = PipelineReader.read("""
                id: p
                defaults: {placement: cost_optimized}
                stages:
                  - id: a
                    type: noop
                  - id: b
                    type: noop
                    placement: round_robin
                  - id: c
                    type: noop
                    foreach: "{{input.customers}}"
                    placement: {strategy: affinity, affinity_key: "{{item.id}}"}
                """, "p.yaml", TYPES);
        assertThat(p.stage("a").orElseThrow().placement()).isEqualTo(new Placement("cost_optimized", null));
        assertThat(p.stage("b").orElseThrow().placement()).isEqualTo(new Placement("round_robin", null));
        assertThat(p.stage("c").orElseThrow().placement()).isEqualTo(new Placement("affinity", "{{item.id}}"));
        assertThat(PipelineJson.fromJson(PipelineJson.toJson(p))).isEqualTo(p);
    }

    @Test
    void unknownStrategiesAndMisplacedKeysAreReportedWithTheirLine() {
        assertThatThrownBy(() -> PipelineReader.read("""
                id: p
                stages:
                  - id: a
                    type: noop
                    placement: leastloaded
                  - id: b
                    type: noop
                    placement: {strategy: round_robin, affinity_key: "x"}
                """, "p.yaml", TYPES))
                .isInstanceOf(PipelineValidationException.class)
                .hasMessageContaining("p.yaml:5:").hasMessageContaining("unknown placement strategy 'leastloaded'")
                .hasMessageContaining("least_loaded")
                .hasMessageContaining("affinity_key only applies with strategy: affinity");
    }
}
