package io.meridian.spring;

import io.meridian.worker.MeridianWorker;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Actuator's {@code meridian} health: up while the coordinator answers the worker (at least once every three
 * heartbeats), down while it does not (the worker keeps retrying), with the worker id, stage types and job counts.
 */
public final class MeridianWorkerHealth implements HealthIndicator {
    private final MeridianWorker worker;

    public MeridianWorkerHealth(MeridianWorker worker) {
        this.worker = worker;
    }

    @Override
    public Health health() {
        Health.Builder health = worker.coordinatorAnswering() ? Health.up()
                : Health.down().withDetail("reason", "the coordinator has not answered for "
                        + worker.sinceLastAnswer().toMillis() + " ms (heartbeat " + worker.heartbeat().toMillis()
                        + " ms); the worker keeps retrying");
        return health
                .withDetail("worker", worker.id())
                .withDetail("stageTypes", worker.stageTypes())
                .withDetail("activeJobs", worker.activeJobs())
                .withDetail("succeeded", worker.succeeded())
                .withDetail("failed", worker.failed())
                .build();
    }
}
