package io.meridian.elastic.policy;

import java.time.Instant;
import java.util.Map;

/**
 * One thing the autoscaler decided for a pool, with why and from what.
 *
 * @param current workers the pool had (running and starting) when it decided
 * @param desired workers it wants now
 * @param changed how many it started (positive) or asked to drain (negative); 0 for a hold or a failure
 * @param inputs  the figures the decision was made from (waiting, running, forecast, oldest wait...)
 */
public record Decision(Instant at, String pool, Action action, int current, int desired, int changed, String reason,
                      Map<String, Object> inputs) {
    public Decision {
        inputs = Map.copyOf(inputs);
    }

    /** What a decision did. */
    public enum Action {
        /** Workers were started. */
        SCALE_UP,
        /** Idle workers were asked to drain and stop. */
        SCALE_DOWN,
        /** The size is right, or lower demand has not lasted the cooldown yet. */
        HOLD,
        /** A worker did not register within startup_seconds and was terminated. */
        START_TIMEOUT,
        /** The provider refused; the pool's breaker is open and other pools are tried. */
        PROVIDER_ERROR;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
