package io.meridian.spring;

import io.meridian.embedded.EmbeddedEngine;
import java.util.TreeSet;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Actuator's {@code meridian} health in embedded mode: up while the engine runs, with its stage types. */
public final class MeridianEngineHealth implements HealthIndicator {
    private final EmbeddedEngine engine;

    public MeridianEngineHealth(EmbeddedEngine engine) {
        this.engine = engine;
    }

    @Override
    public Health health() {
        Health.Builder health = engine.isOpen() ? Health.up() : Health.down().withDetail("reason", "engine closed");
        return health.withDetail("mode", "embedded")
                .withDetail("stageTypes", new TreeSet<>(engine.stageTypes()))
                .withDetail("executionsStarted", engine.executionsStarted())
                .build();
    }
}
