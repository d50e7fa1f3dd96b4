package io.meridian.spring;

import io.meridian.worker.MeridianWorker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer meters of the embedded worker: {@code meridian.worker.jobs.active} (gauge) and
 * {@code meridian.worker.jobs} (counter, tagged {@code outcome=succeeded|failed}) and
 * {@code meridian.worker.coordinator.silence} (gauge, seconds since the coordinator last answered), each tagged with
 * the worker id.
 */
public final class MeridianWorkerMetrics implements MeterBinder {
    private final MeridianWorker worker;

    public MeridianWorkerMetrics(MeridianWorker worker) {
        this.worker = worker;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("meridian.worker.jobs.active", worker, MeridianWorker::activeJobs)
                .tag("worker", worker.id()).description("jobs running now").register(registry);
        FunctionCounter.builder("meridian.worker.jobs", worker, MeridianWorker::succeeded)
                .tag("worker", worker.id()).tag("outcome", "succeeded").description("jobs finished")
                .register(registry);
        FunctionCounter.builder("meridian.worker.jobs", worker, MeridianWorker::failed)
                .tag("worker", worker.id()).tag("outcome", "failed").description("job attempts failed")
                .register(registry);
        Gauge.builder("meridian.worker.coordinator.silence", worker, w -> w.sinceLastAnswer().toMillis() / 1000.0)
                .tag("worker", worker.id()).baseUnit("seconds")
                .description("time since the coordinator last answered this worker").register(registry);
    }
}
