package io.meridian.elastic.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionLogTest {
    static Decision d(String pool, int n) {
        return new Decision(Instant.EPOCH.plusSeconds(n), pool, Decision.Action.HOLD, 0, 0, 0, "r" + n, Map.of());
    }

    @Test
    void keepsTheNewestUpToItsCapacityOldestFirst() {
        DecisionLog log = new DecisionLog(3);
        for (int i = 1; i <= 5; i++) {
            log.decided(d(i % 2 == 0 ? "a" : "b", i));
        }
        assertThat(log.recent(null, 10)).extracting(Decision::reason).containsExactly("r3", "r4", "r5");
        assertThat(log.recent("b", 10)).extracting(Decision::reason).containsExactly("r3", "r5");
        assertThat(log.recent(null, 1)).extracting(Decision::reason).containsExactly("r5");
    }
}
