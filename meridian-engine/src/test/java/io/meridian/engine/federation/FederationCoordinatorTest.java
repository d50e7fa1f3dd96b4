package io.meridian.engine.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.engine.time.SystemClock;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.AggregationStrategy;
import io.meridian.model.pipeline.FederatedStageConfig;
import io.meridian.model.pipeline.FederationStrategy;
import io.meridian.model.pipeline.GeoPoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class FederationCoordinatorTest {
    static final RegionConfig US = new RegionConfig("us-east-1", "http://us", "key-us", 1, 1, 10, 30, List.of(),
            new GeoPoint(39.0, -77.5), 0.03, 0);
    static final RegionConfig EU = new RegionConfig("eu-west-1", "http://eu", "key-eu", 2, 1, 10, 30, List.of(),
            new GeoPoint(53.3, -6.3), 0.02, 0);
    static final RegionConfig AP = new RegionConfig("ap-northeast-1", "http://ap", "key-ap", 3, 1, 10, 30, List.of(),
            new GeoPoint(35.7, 139.7), 0.01, 0);
    static final List<String> ALL = List.of("us-east-1", "eu-west-1", "ap-northeast-1");

    final FakeRegions regions = new FakeRegions();
    FederationCoordinator federation = federation(3);

    FederationCoordinator federation(int breakerThreshold) {
        return new FederationCoordinator(new FederationConfig(List.of(US, EU, AP), FederationStrategy.NEAREST,
                Duration.ofSeconds(5), breakerThreshold, Duration.ofMinutes(1)), regions, null, SystemClock.INSTANCE);
    }

    @AfterEach
    void close() {
        federation.close();
    }

    static FederatedStageConfig stage(FederationStrategy strategy, List<String> names, AggregationStrategy aggregation) {
        return new FederatedStageConfig(strategy, names, false, aggregation, null, 5, true, 0, null, false, null);
    }

    static FederatedStageRequest request(FederatedStageConfig f, ObjectNode config) {
        return new FederatedStageRequest("x1", "global-analytics", "process", "json_transform", config, Map.of(), f);
    }

    FederatedResult run(FederatedStageConfig f) throws Exception {
        return federation.execute(request(f, Json.object()));
    }

    @Test
    void parallelMergeCombinesEveryRegion() throws Exception {
        regions.constant("us-east-1", "{\"totals\": {\"us\": 1}, \"rows\": [1]}")
                .constant("eu-west-1", "{\"totals\": {\"eu\": 2}, \"rows\": [2]}")
                .constant("ap-northeast-1", "{\"totals\": {\"ap\": 3}, \"rows\": [3]}");
        FederatedResult r = run(stage(FederationStrategy.PARALLEL, ALL, AggregationStrategy.MERGE));
        assertThat(r.aggregated()).isEqualTo(Json.parse("{\"totals\": {\"us\": 1, \"eu\": 2, \"ap\": 3}, \"rows\": [1, 2, 3]}"));
        assertThat(r.successfulRegions()).containsExactly("us-east-1", "eu-west-1", "ap-northeast-1");
        assertThat(r.hasPartialFailure()).isFalse();
        assertThat(federation.stats().toJson().path("by_region").path("eu-west-1").path("successes").asInt()).isEqualTo(1);
    }

    @Test
    void allKeepsRegionOrderAndReportsAPartialFailure() throws Exception {
        regions.slow("us-east-1", 50, "1").failing("eu-west-1", "boom").constant("ap-northeast-1", "3");
        FederatedResult r = run(stage(FederationStrategy.PARALLEL, ALL, AggregationStrategy.ALL));
        assertThat(r.aggregated()).isEqualTo(Json.parse("[1, 3]"));
        assertThat(r.hasPartialFailure()).isTrue();
        assertThat(r.failedRegions()).containsExactly("eu-west-1");
        assertThat(r.successfulRegions()).containsExactly("us-east-1", "ap-northeast-1");
        assertThat(r.toJson().path("errors").path("eu-west-1").asString()).contains("boom");
    }

    @Test
    void firstSuccessWinsAndTheOthersAreCancelled() throws Exception {
        regions.slow("us-east-1", 5_000, "1").constant("eu-west-1", "2").slow("ap-northeast-1", 5_000, "3");
        long t0 = System.nanoTime();
        FederatedResult r = run(stage(FederationStrategy.PARALLEL, ALL, AggregationStrategy.FIRST));
        assertThat(r.aggregated().asInt()).isEqualTo(2);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2_000);
        assertThat(r.cancelled()).containsExactlyInAnyOrder("us-east-1", "ap-northeast-1");
        // a region whose run had started is told to stop (one whose slot had not started yet is never called)
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(regions.cancelled).containsExactlyInAnyOrderElementsOf(
                regions.calls.stream().filter(name -> !name.equals("eu-west-1")).toList()));
    }

    @Test
    void reduceWithABuiltInAndAUserReducer() throws Exception {
        regions.constant("us-east-1", "{\"orders\": 2, \"revenue\": 10.5}").constant("eu-west-1", "{\"orders\": 3, \"revenue\": 1}")
                .constant("ap-northeast-1", "{\"orders\": 1, \"revenue\": 0.5}");
        FederatedStageConfig sum = new FederatedStageConfig(FederationStrategy.PARALLEL, ALL, false,
                AggregationStrategy.REDUCE, "sum", 5, true, 0, null, false, null);
        JsonNode total = run(sum).aggregated();
        assertThat(total.path("orders").asInt()).isEqualTo(6);
        assertThat(total.path("revenue").asDouble()).isEqualTo(12.0);
        federation.reducers().register("most_orders", results -> results.stream()
                .max(java.util.Comparator.comparingInt(j -> j.path("orders").asInt())).orElseThrow());
        FederatedStageConfig mine = new FederatedStageConfig(FederationStrategy.PARALLEL, ALL, false,
                AggregationStrategy.REDUCE, "most_orders", 5, true, 0, null, false, null);
        assertThat(run(mine).aggregated().path("orders").asInt()).isEqualTo(3);
    }

    @Test
    void majorityWinsByCanonicalEqualityAndATieFailsShowingTheVotes() throws Exception {
        regions.constant("us-east-1", "{\"a\": 1, \"b\": 2.0}").constant("eu-west-1", "{\"b\": 2, \"a\": 1}")
                .constant("ap-northeast-1", "{\"a\": 9}");
        assertThat(run(stage(FederationStrategy.PARALLEL, ALL, AggregationStrategy.MAJORITY)).aggregated().path("a").asInt())
                .isEqualTo(1);
        regions.failing("ap-northeast-1", "down").constant("eu-west-1", "{\"a\": 2}");
        assertThatThrownBy(() -> run(stage(FederationStrategy.PARALLEL, ALL, AggregationStrategy.MAJORITY)))
                .isInstanceOf(FederationFailure.class)
                .hasMessageContaining("majority vote tied among 2 results")
                .hasMessageContaining("from us-east-1 (1)").hasMessageContaining("{\"a\":2} from eu-west-1 (1)");
    }

    @Test
    void nearestPicksUsEastForNewYork() throws Exception {
        FederatedStageConfig f = new FederatedStageConfig(FederationStrategy.NEAREST, ALL, false, null, null, 5, true,
                0, null, false, new GeoPoint(40.7128, -74.0060));
        assertThat(run(f).successfulRegions()).containsExactly("us-east-1");
        ObjectNode inTokyo = Json.object();
        inTokyo.putObject("input").put("lat", 35.6).put("lon", 139.6);
        assertThat(federation.execute(request(f, inTokyo)).successfulRegions()).containsExactly("ap-northeast-1");
    }

    @Test
    void roundRobinLeastLoadedAndCostOptimized() throws Exception {
        FederatedStageConfig rr = stage(FederationStrategy.ROUND_ROBIN, ALL, AggregationStrategy.ALL);
        assertThat(List.of(run(rr).successfulRegions().getFirst(), run(rr).successfulRegions().getFirst(),
                run(rr).successfulRegions().getFirst(), run(rr).successfulRegions().getFirst()))
                .containsExactly("us-east-1", "eu-west-1", "ap-northeast-1", "us-east-1");
        assertThat(run(stage(FederationStrategy.COST_OPTIMIZED, ALL, AggregationStrategy.ALL)).successfulRegions())
                .containsExactly("ap-northeast-1");
        // us-east-1 busy with a slow run: least_loaded goes elsewhere
        regions.slow("us-east-1", 1_000, "1");
        var busy = Thread.ofVirtual().start(() -> {
            try {
                run(stage(FederationStrategy.NEAREST, List.of("us-east-1"), AggregationStrategy.ALL));
            } catch (Exception ignored) {
                // only the load matters
            }
        });
        org.awaitility.Awaitility.await().until(() -> regions.calls.contains("us-east-1"));
        assertThat(run(stage(FederationStrategy.LEAST_LOADED, List.of("us-east-1", "eu-west-1"), AggregationStrategy.ALL))
                .successfulRegions()).containsExactly("eu-west-1");
        busy.join();
    }

    @Test
    void regionsAtMaxConcurrentAreNotChosen() throws Exception {
        FederationCoordinator narrow = new FederationCoordinator(new FederationConfig(
                List.of(US.withLimits(1, 30), EU), FederationStrategy.NEAREST), regions, null, SystemClock.INSTANCE);
        regions.slow("us-east-1", 1_000, "1");
        FederatedStageConfig f = new FederatedStageConfig(FederationStrategy.COST_OPTIMIZED,
                List.of("us-east-1", "eu-west-1"), false, null, null, 5, true, 0, null, false, null);
        FederatedStageConfig onlyUs = stage(FederationStrategy.NEAREST, List.of("us-east-1"), AggregationStrategy.ALL);
        var busy = Thread.ofVirtual().start(() -> {
            try {
                narrow.execute(request(onlyUs, Json.object()));
            } catch (Exception ignored) {
                // only the load matters
            }
        });
        org.awaitility.Awaitility.await().until(() -> regions.calls.contains("us-east-1"));
        // eu is cheaper anyway, so ask for the expensive one first by cost: us at its limit must be skipped
        FederatedResult r = narrow.execute(request(new FederatedStageConfig(FederationStrategy.NEAREST,
                List.of("us-east-1", "eu-west-1"), false, null, null, 5, true, 0, null, false,
                new GeoPoint(40.7, -74.0)), Json.object()));
        assertThat(r.successfulRegions()).containsExactly("eu-west-1");
        assertThat(narrow.execute(request(f, Json.object())).successfulRegions()).containsExactly("eu-west-1");
        busy.join();
        narrow.close();
    }

    @Test
    void sequentialTriesTheNextOnlyAfterAFailureAndChainPassesOutputs() throws Exception {
        regions.failing("us-east-1", "no").constant("eu-west-1", "\"eu\"");
        FederatedResult r = run(stage(FederationStrategy.SEQUENTIAL, ALL, AggregationStrategy.ALL));
        assertThat(r.aggregated().asString()).isEqualTo("eu");
        assertThat(regions.calls).containsExactly("us-east-1", "eu-west-1");

        regions.calls.clear();
        regions.answer("us-east-1", t -> Json.parse("1"))
                .answer("eu-west-1", t -> Json.parse(String.valueOf(t.config().path("input").asInt() * 10)))
                .answer("ap-northeast-1", t -> Json.parse(String.valueOf(t.config().path("input").asInt() + 5)));
        FederatedStageConfig chain = new FederatedStageConfig(FederationStrategy.SEQUENTIAL, ALL, false, null, null, 5,
                true, 0, null, true, null);
        assertThat(run(chain).aggregated().asInt()).isEqualTo(15);
        assertThat(regions.calls).containsExactly("us-east-1", "eu-west-1", "ap-northeast-1");
    }

    @Test
    void retriesThenTheFallbackRegionDoesTheFailedRegionsWork() throws Exception {
        int[] tries = {0};
        regions.answer("eu-west-1", t -> {
            tries[0]++;
            throw new RegionFailure("connection refused", true);
        });
        FederatedStageConfig f = new FederatedStageConfig(FederationStrategy.PARALLEL, List.of("us-east-1", "eu-west-1"),
                false, AggregationStrategy.ALL, null, 5, true, 2, "ap-northeast-1", false, null);
        FederatedResult r = run(f);
        assertThat(tries[0]).isEqualTo(3);
        assertThat(r.aggregated()).isEqualTo(Json.parse("[\"us-east-1\", \"ap-northeast-1\"]"));
        assertThat(r.failedRegions()).containsExactly("eu-west-1");
        assertThat(r.toJson().path("fallbacks").path("eu-west-1").asString()).isEqualTo("ap-northeast-1");
    }

    @Test
    void aRegionThatKeepsFailingOpensItsBreakerAndIsNoLongerCalled() throws Exception {
        regions.failing("eu-west-1", "down");
        FederatedStageConfig f = new FederatedStageConfig(FederationStrategy.NEAREST, List.of("eu-west-1"), false, null,
                null, 5, true, 2, "us-east-1", false, null);
        assertThat(run(f).successfulRegions()).containsExactly("us-east-1");
        assertThat(federation.health().stream().filter(h -> h.region().equals("eu-west-1")).findFirst().orElseThrow()
                .breaker()).isEqualTo("open");
        regions.calls.clear();
        assertThat(run(f).successfulRegions()).containsExactly("us-east-1");
        assertThat(regions.calls).containsExactly("us-east-1");
    }

    @Test
    void aSlowRegionTimesOut() throws Exception {
        regions.slow("us-east-1", 10_000, "1");
        FederatedStageConfig f = new FederatedStageConfig(FederationStrategy.NEAREST, List.of("us-east-1"), false, null,
                null, 1, false, 0, "eu-west-1", false, null);
        FederatedResult r = run(f);
        assertThat(r.toJson().path("errors").path("us-east-1").asString()).contains("timed out after 1 s");
        assertThat(r.successfulRegions()).containsExactly("eu-west-1");
        org.awaitility.Awaitility.await().until(() -> regions.cancelled.contains("us-east-1"));
    }

    @Test
    void dataLocalitySendsEachRegionOnlyItsPart() throws Exception {
        regions.answer("us-east-1", t -> t.config().get("input")).answer("eu-west-1", t -> t.config().get("input"))
                .answer("ap-northeast-1", t -> t.config().get("input"));
        ObjectNode config = Json.object();
        config.set("input", Json.parse("[{\"city\": \"NYC\", \"lat\": 40.7, \"lon\": -74.0},"
                + "{\"city\": \"Paris\", \"lat\": 48.9, \"lon\": 2.35}, {\"city\": \"Osaka\", \"lat\": 34.7, \"lon\": 135.5},"
                + "{\"city\": \"Boston\", \"lat\": 42.4, \"lon\": -71.1}]"));
        FederatedStageConfig f = new FederatedStageConfig(FederationStrategy.PARALLEL, ALL, true,
                AggregationStrategy.ALL, null, 5, true, 0, null, false, null);
        JsonNode parts = federation.execute(request(f, config)).aggregated();
        assertThat(parts.get(0).findValuesAsString("city")).containsExactly("NYC", "Boston");
        assertThat(parts.get(1).findValuesAsString("city")).containsExactly("Paris");
        assertThat(parts.get(2).findValuesAsString("city")).containsExactly("Osaka");
    }

    @Test
    void submissionNamesTheStageForUnknownRegionsAndFallbacks() {
        var pipeline = io.meridian.model.pipeline.PipelineBuilder.pipeline("p")
                .stage("process", "noop", s -> s.federation(new FederatedStageConfig(FederationStrategy.PARALLEL,
                        List.of("us-east-1", "eu-wset-1"), false, null, null, 0, true, 0, "mars-1", false, null)))
                .buildUnchecked();
        assertThat(SubmissionCheck.problems(pipeline, federation)).containsExactly(
                "stage 'process': unknown region 'eu-wset-1' (did you mean 'eu-west-1'?); known regions: us-east-1, "
                        + "eu-west-1, ap-northeast-1",
                "stage 'process': fallback_region 'mars-1' is not a known region; known regions: us-east-1, eu-west-1, "
                        + "ap-northeast-1");
        assertThat(SubmissionCheck.problems(pipeline, null)).containsExactly(
                "stage 'process': federated, but this coordinator has no federation section in its meridian.yaml");
    }

    @Test
    void keysNeverAppearInARegionsDescription() {
        assertThat(US.toString()).doesNotContain("key-us").contains("api_key=***");
    }
}
