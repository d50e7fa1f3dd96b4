package io.meridian.engine.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.model.json.Json;
import io.meridian.model.pipeline.GeoPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregationTest {
    static RegionOutput out(String region, String json) {
        return new RegionOutput(region, Json.parse(json));
    }

    @Test
    void mergeDeepMergesObjectsConcatenatesArraysAndTheFirstListedRegionWinsAConflict() {
        JsonMerge merge = new JsonMerge();
        var merged = merge.aggregate(List.of(
                out("us", "{\"a\": {\"x\": 1}, \"list\": [1], \"owner\": \"us\", \"gap\": null}"),
                out("eu", "{\"a\": {\"y\": 2}, \"list\": [2, 3], \"owner\": \"eu\", \"gap\": 5}")));
        assertThat(merged).isEqualTo(Json.parse(
                "{\"a\": {\"x\": 1, \"y\": 2}, \"list\": [1, 2, 3], \"owner\": \"us\", \"gap\": 5}"));
        assertThat(merge.conflicts()).containsExactly("$.owner: kept \"us\" from us, dropped \"eu\" from eu");
    }

    @Test
    void builtInReducers() throws Exception {
        Reducers r = new Reducers();
        List<RegionOutput> numbers = List.of(out("a", "3"), out("b", "1.5"), out("c", "7"));
        assertThat(r.aggregator("sum").aggregate(numbers).asDouble()).isEqualTo(11.5);
        assertThat(r.aggregator("min").aggregate(numbers).asDouble()).isEqualTo(1.5);
        assertThat(r.aggregator("max").aggregate(numbers).asInt()).isEqualTo(7);
        assertThat(r.aggregator("count").aggregate(numbers).asInt()).isEqualTo(3);
        List<RegionOutput> lists = List.of(out("a", "[1, 2]"), out("b", "[3]"));
        assertThat(r.aggregator("count").aggregate(lists).asInt()).isEqualTo(3);
        assertThat(r.aggregator("concat").aggregate(lists)).isEqualTo(Json.parse("[1, 2, 3]"));
        assertThatThrownBy(() -> r.aggregator("nope").aggregate(lists)).hasMessageContaining("unknown reducer 'nope'");
    }

    @Test
    void majorityWithoutAMajorityFails() {
        assertThatThrownBy(() -> new MajorityVote().aggregate(List.of(out("a", "1"), out("b", "2"), out("c", "3"))))
                .hasMessage("majority vote tied among 3 results: 1 from a (1); 2 from b (1); 3 from c (1)");
        assertThatThrownBy(() -> new MajorityVote().aggregate(List.of(out("a", "1"), out("b", "1"), out("c", "2"),
                out("d", "3")))).hasMessageStartingWith("no majority among 4 results");
    }

    @Test
    void greatCircleAndTheDataRouter() {
        GeoPoint newYork = new GeoPoint(40.7128, -74.0060);
        GeoPoint london = new GeoPoint(51.5074, -0.1278);
        assertThat(GreatCircle.km(newYork, london)).isBetween(5560.0, 5590.0);
        var us = RegionConfig.of("us-east-1", "http://us", null, new GeoPoint(39.0, -77.5));
        var eu = RegionConfig.of("eu-west-1", "http://eu", null, new GeoPoint(53.3, -6.3));
        var ap = RegionConfig.of("ap-northeast-1", "http://ap", null, new GeoPoint(35.7, 139.7));
        DataRouter router = new DataRouter(List.of(us, eu, ap));
        assertThat(router.optimalRegion(newYork).orElseThrow().name()).isEqualTo("us-east-1");
        assertThat(router.optimalRegion(london).orElseThrow().name()).isEqualTo("eu-west-1");
        var weighted = new DataRouter(List.of(us, new RegionConfig("eu-west-1", "http://eu", null, 1, 2, 10, 30,
                List.of(), null, 0, 0)));
        var parts = weighted.partition(Json.parse("[1, 2, 3, 4, 5, 6]"));
        assertThat(parts.get("us-east-1").size()).isEqualTo(2);
        assertThat(parts.get("eu-west-1").size()).isEqualTo(4);
    }

    @Test
    void breakerOpensAfterThresholdAndLetsOneTrialThroughAfterCoolDown() {
        RegionBreaker b = new RegionBreaker(2, Duration.ofSeconds(10));
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        b.failed(t);
        assertThat(b.tryAcquire(t)).isTrue();
        b.failed(t);
        assertThat(b.state()).isEqualTo(RegionBreaker.State.OPEN);
        assertThat(b.tryAcquire(t.plusSeconds(5))).isFalse();
        assertThat(b.tryAcquire(t.plusSeconds(10))).isTrue();
        assertThat(b.tryAcquire(t.plusSeconds(10))).isFalse();
        b.failed(t.plusSeconds(11));
        assertThat(b.state()).isEqualTo(RegionBreaker.State.OPEN);
        assertThat(b.tryAcquire(t.plusSeconds(21))).isTrue();
        b.succeeded();
        assertThat(b.state()).isEqualTo(RegionBreaker.State.CLOSED);
    }
}
