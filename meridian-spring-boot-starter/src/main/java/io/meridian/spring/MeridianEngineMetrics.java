package io.meridian.spring;

import io.meridian.embedded.EmbeddedEngine;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** Micrometer meters of the embedded engine: {@code meridian.embedded.executions} (counter of executions started). */
public final class MeridianEngineMetrics implements MeterBinder {
    private final EmbeddedEngine engine;

    public MeridianEngineMetrics(EmbeddedEngine engine) {
        this.engine = engine;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("meridian.embedded.executions", engine, EmbeddedEngine::executionsStarted)
                .description("executions started on the embedded engine").register(registry);
    }
}
