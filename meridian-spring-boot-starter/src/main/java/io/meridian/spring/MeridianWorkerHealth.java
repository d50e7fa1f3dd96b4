package io.meridian.spring;

import io.meridian.worker.MeridianWorker;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Actuator's {@code meridian} health: up while the worker runs, with its id, stage types and job counts. */
public final class MeridianWorkerHealth implements HealthIndicator {
    private final MeridianWorker worker;

    public MeridianWorkerHealth(MeridianWorker worker) {
        this.worker = worker;
    }

    @Override
    public Health health() {
        return Health.up()
                .withDetail("worker", worker.id())
                .withDetail("stageTypes", worker.stageTypes())
                .withDetail("activeJobs", worker.activeJobs())
                .withDetail("succeeded", worker.succeeded())
                .withDetail("failed", worker.failed())
                .build();
    }
}
