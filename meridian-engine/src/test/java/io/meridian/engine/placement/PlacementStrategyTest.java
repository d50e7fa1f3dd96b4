package io.meridian.engine.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementStrategyTest {
    // id, active, max, cost, priority, order
    final Candidate a = new Candidate("a", 6, 8, 0.9, 1, 1);
    final Candidate b = new Candidate("b", 1, 8, 0.5, 5, 2);
    final Candidate c = new Candidate("c", 1, 4, 0.1, 5, 3);
    final List<Candidate> all = List.of(a, b, c);

    @Test
    void leastLoadedPicksTheLowestLoadOverCapacity() {
        assertThat(PlacementStrategy.named("least_loaded").choose(all, null)).isEqualTo("b");
    }

    @Test
    void roundRobinTakesTurnsInRegistrationOrder() {
        PlacementStrategy rr = PlacementStrategy.named("round_robin");
        List<String> turns = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String chosen = rr.choose(all, null);
            turns.add(chosen);
            rr.placed(all.stream().filter(c -> c.workerId().equals(chosen)).findFirst().orElseThrow());
        }
        assertThat(turns).containsExactly("a", "b", "c", "a");
    }

    @Test
    void roundRobinMovesOnOnlyWhenAJobIsPlaced() {
        PlacementStrategy rr = PlacementStrategy.named("round_robin");
        assertThat(rr.choose(all, null)).isEqualTo("a");
        assertThat(rr.choose(all, null)).as("asking again is not a placement").isEqualTo("a");
        rr.placed(all.get(0));
        assertThat(rr.choose(all, null)).isEqualTo("b");
    }

    @Test
    void priorityPrefersTheHighestThenTheLeastLoaded() {
        assertThat(PlacementStrategy.named("priority").choose(all, null)).isEqualTo("b");
    }

    @Test
    void costOptimizedPicksTheCheapest() {
        assertThat(PlacementStrategy.named("cost_optimized").choose(all, null)).isEqualTo("c");
    }

    @Test
    void affinityKeepsAKeyOnItsWorkerWhileItIsACandidate() {
        PlacementStrategy aff = PlacementStrategy.named("affinity");
        String first = aff.choose(List.of(a, c), "customer-42");
        assertThat(first).isEqualTo("c");
        assertThat(aff.choose(all, "customer-42")).as("b is less loaded, but the key stays on c").isEqualTo("c");
        assertThat(aff.choose(List.of(a, b), "customer-42")).as("c gone: rebound").isEqualTo("b");
        assertThat(aff.choose(all, "customer-42")).isEqualTo("b");
    }

    @Test
    void unknownStrategiesAreRefusedByName() {
        assertThatThrownBy(() -> PlacementStrategy.named("fastest")).hasMessageContaining("fastest")
                .hasMessageContaining("least_loaded");
    }
}
