package io.meridian.engine.queue;

import java.time.Duration;
import java.util.Map;

/**
 * The queue's tunables, a part of the coordinator's settings ({@code EngineSettings.queue()}): the queue knows
 * only what it uses, and nothing of the coordinator that wires it.
 *
 * @param leaseTtl        a lease lapses when not renewed for this long
 * @param agingInterval   a waiting job gains one priority level per interval waited (the anti-starvation rule)
 * @param maxLostAttempts deliveries whose worker vanished before a job goes to the dead-letter state
 * @param deadlineGrace   how long past an attempt's deadline the queue waits for the worker's report
 * @param rateLimits      jobs per second by type; types not listed are unlimited
 */
public record QueueSettings(Duration leaseTtl, Duration agingInterval, int maxLostAttempts, Duration deadlineGrace,
                            Map<String, Double> rateLimits) {

    public QueueSettings {
        rateLimits = Map.copyOf(rateLimits);
    }
}
