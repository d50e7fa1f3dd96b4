package io.meridian.elastic.policy;

import java.time.Duration;
import java.time.Instant;

/**
 * Holt's linear smoothing of the arrival rate (jobs per second): a level and a trend, updated once per {@code step}
 * from the arrivals counted during it, so a burst that is building up is seen before the queue shows it all. The step
 * (seconds, not ticks) keeps the noise of a few jobs a second out of the trend. The forecast is never negative; a
 * falling trend only lowers it to zero.
 */
public final class ArrivalForecast {
    private final double alpha;
    private final double beta;
    private final Duration step;
    private Instant lastAt;
    private long lastTotal;
    private double level;
    private double trend;
    private boolean primed;

    /**
     * @param alpha weight of the newest rate in the level
     * @param beta  weight of the newest change in the trend
     * @param step  arrivals are counted over at least this long before the level and trend move
     */
    public ArrivalForecast(double alpha, double beta, Duration step) {
        if (!(alpha > 0 && alpha <= 1) || !(beta >= 0 && beta <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1] and beta in [0, 1], got " + alpha + ", " + beta);
        }
        this.alpha = alpha;
        this.beta = beta;
        this.step = step;
    }

    /** Takes the running total of arrivals seen at {@code at}. */
    public void observe(Instant at, long totalArrivals) {
        if (lastAt == null) {
            lastAt = at;
            lastTotal = totalArrivals;
            return;
        }
        double seconds = Duration.between(lastAt, at).toMillis() / 1000.0;
        if (seconds <= 0 || seconds * 1000 < step.toMillis()) {
            return;
        }
        double rate = Math.max(0, totalArrivals - lastTotal) / seconds;
        lastAt = at;
        lastTotal = totalArrivals;
        if (!primed) {
            level = rate;
            trend = 0;
            primed = true;
            return;
        }
        double previous = level;
        // Clamped: a rate is never negative, and a trend overshooting below zero must not swing back up.
        level = Math.max(0, alpha * rate + (1 - alpha) * (level + trend * seconds));
        trend = beta * (level - previous) / seconds + (1 - beta) * trend;
    }

    /** The arrival rate expected {@code ahead} from the last observation, in jobs per second. */
    public double rate(Duration ahead) {
        return Math.max(0, level + trend * ahead.toMillis() / 1000.0);
    }

    /** The rate smoothed now, without the trend. */
    public double level() {
        return Math.max(0, level);
    }
}
