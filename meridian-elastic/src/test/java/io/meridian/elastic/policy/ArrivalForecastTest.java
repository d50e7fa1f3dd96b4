package io.meridian.elastic.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ArrivalForecastTest {
    final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aSteadyRateIsForecastAsItIs() {
        ArrivalForecast f = new ArrivalForecast(0.5, 0.3, Duration.ofSeconds(1));
        for (int s = 0; s <= 30; s++) {
            f.observe(t0.plusSeconds(s), 10L * s);
        }
        assertThat(f.rate(Duration.ofSeconds(30))).isCloseTo(10, within(0.5));
    }

    @Test
    void aRisingRateIsForecastAboveWhatIsSeenNow() {
        ArrivalForecast f = new ArrivalForecast(0.5, 0.3, Duration.ofSeconds(1));
        long total = 0;
        for (int s = 0; s <= 20; s++) {
            total += s; // one more job each second than the second before
            f.observe(t0.plusSeconds(s), total);
        }
        assertThat(f.rate(Duration.ofSeconds(10))).isGreaterThan(f.level() + 5);
    }

    @Test
    void movesOnlyOncePerStep() {
        ArrivalForecast f = new ArrivalForecast(0.5, 0.3, Duration.ofSeconds(10));
        f.observe(t0, 0);
        f.observe(t0.plusSeconds(5), 500); // half a step: not counted yet
        assertThat(f.level()).isZero();
        f.observe(t0.plusSeconds(10), 500);
        assertThat(f.level()).isCloseTo(50, within(0.01));
    }

    @Test
    void aFallingRateNeverForecastsLessThanNothing() {
        ArrivalForecast f = new ArrivalForecast(0.5, 0.5, Duration.ofSeconds(1));
        long total = 0;
        for (int s = 0; s <= 20; s++) {
            total += Math.max(0, 100 - 10 * s);
            f.observe(t0.plusSeconds(s), total);
        }
        assertThat(f.rate(Duration.ofMinutes(5))).isZero();
    }
}
