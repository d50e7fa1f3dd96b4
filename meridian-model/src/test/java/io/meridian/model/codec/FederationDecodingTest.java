package io.meridian.model.codec;

import static io.meridian.model.codec.Fixtures.TYPES;
import static io.meridian.model.codec.Fixtures.messages;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.pipeline.AggregationStrategy;
import io.meridian.model.pipeline.FederatedStageConfig;
import io.meridian.model.pipeline.FederationStrategy;
import io.meridian.model.pipeline.Pipeline;
import java.util.List;
import org.junit.jupiter.api.Test;

class FederationDecodingTest {
    private static final String SEEDS_EXAMPLE = """
            {
              "id": "global-analytics",
              "federation": {"enabled": true, "default_strategy": "nearest"},
              "stages": [
                {"id": "collect", "type": "http_request", "config": {"url": "{{input.data_url}}"}},
                {"id": "process", "type": "noop", "depends_on": ["collect"],
                 "federation": {"strategy": "parallel", "regions": ["us-east-1", "eu-west-1", "ap-northeast-1"],
                                "aggregation": "merge", "fallback_region": "us-east-1", "max_retries": 2}},
                {"id": "near", "type": "noop", "federation": {"regions": ["us-east-1"],
                                "source_location": {"lat": 40.7128, "lon": -74.0060}}},
                {"id": "store", "type": "sql", "depends_on": ["process"]}
              ]
            }
            """;

    @Test
    void readsTheSeedsPipelineAndAppliesThePipelineDefaultStrategy() {
        Pipeline p = PipelineReader.read(SEEDS_EXAMPLE, "global.json", TYPES);
        FederatedStageConfig process = p.stage("process").orElseThrow().federation();
        assertThat(process.strategy()).isEqualTo(FederationStrategy.PARALLEL);
        assertThat(process.regions()).containsExactly("us-east-1", "eu-west-1", "ap-northeast-1");
        assertThat(process.aggregation()).isEqualTo(AggregationStrategy.MERGE);
        assertThat(process.fallbackRegion()).isEqualTo("us-east-1");
        assertThat(process.maxRetries()).isEqualTo(2);
        FederatedStageConfig near = p.stage("near").orElseThrow().federation();
        assertThat(near.strategy()).isEqualTo(FederationStrategy.NEAREST);
        assertThat(near.sourceLocation().latitude()).isEqualTo(40.7128);
        assertThat(p.stage("store").orElseThrow().federation()).isNull();
        assertThat(p.federatedStages()).hasSize(2);
    }

    @Test
    void survivesTheJsonRoundTrip() {
        Pipeline p = PipelineReader.read(SEEDS_EXAMPLE, "global.json", TYPES);
        Pipeline back = PipelineJson.fromJson(PipelineJson.toJson(p));
        assertThat(back.stage("process").orElseThrow().federation()).isEqualTo(p.stage("process").orElseThrow().federation());
        assertThat(back.federation()).isEqualTo(p.federation());
        assertThat(FederationJson.fromJson(FederationJson.toJson(p.stage("near").orElseThrow().federation())))
                .isEqualTo(p.stage("near").orElseThrow().federation());
    }

    @Test
    void badStrategiesAndAggregationsAreReportedWithLineAndColumn() {
        String yaml = """
                id: p
                federation: {default_strategy: closest}
                stages:
                  - id: s
                    type: noop
                    federation:
                      strategy: paralel
                      aggregation: avg
                      regions: [a, a]
                      retires: 2
                """;
        assertThat(messages(yaml, "p.yaml")).containsExactly(
                "p.yaml:2:14: unknown federation strategy 'closest'; expected one of parallel, sequential, nearest, "
                        + "round_robin, least_loaded, cost_optimized",
                "p.yaml:7:7: stage 's': unknown federation strategy 'paralel' (did you mean 'parallel'?); expected one"
                        + " of parallel, sequential, nearest, round_robin, least_loaded, cost_optimized",
                "p.yaml:8:7: stage 's': unknown aggregation 'avg' (did you mean 'all'?); expected one of merge, reduce, first, all, majority",
                "p.yaml:9:20: stage 's': region 'a' is listed twice",
                "p.yaml:10:7: stage 's': unknown field 'retires'; expected one of: strategy, regions, data_locality, "
                        + "aggregation, reducer, timeout_seconds, retry_on_failure, max_retries, fallback_region, chain, "
                        + "source_location");
    }

    @Test
    void rulesAboutCombinations() {
        String yaml = """
                id: p
                stages:
                  - id: s
                    type: noop
                    foreach: "{{input.items}}"
                    federation: {strategy: nearest, aggregation: reduce, data_locality: true, chain: true}
                """;
        List<String> errors = messages(yaml, "p.yaml");
        assertThat(errors).anyMatch(e -> e.contains("cannot also use foreach"))
                .anyMatch(e -> e.contains("aggregation reduce needs a reducer"))
                .anyMatch(e -> e.contains("chain only applies with strategy: sequential"))
                .anyMatch(e -> e.contains("data_locality splits the input across regions"));
    }
}
