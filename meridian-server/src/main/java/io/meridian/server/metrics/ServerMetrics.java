package io.meridian.server.metrics;

import io.meridian.engine.Coordinator;
import io.meridian.engine.queue.QueueStats;
import io.meridian.engine.registry.WorkerRegistry;
import io.meridian.engine.registry.WorkerStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus metrics: queue depth by priority and state, workers by status, jobs started/succeeded/failed,
 * exchange (lease) latency and HTTP latency by route. Queue and worker gauges are read once per scrape.
 */
public final class ServerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private volatile Coordinator coordinator;
    private final Counter leaderChanges;
    private volatile QueueStats stats;
    private volatile List<WorkerRegistry.Worker> workers = List.of();
    private final Counter started;
    private final Counter succeeded;
    private final Counter failed;
    private final Timer exchange;
    /** Request timers by their tags: building and registering one anew for every request showed up in profiles. */
    private final Map<RequestKey, Timer> requestTimers = new ConcurrentHashMap<>();

    /** Metrics of a server that is not leading yet: queue and worker gauges read zero until {@link #bind}. */
    public ServerMetrics() {
        this(null);
    }

    public ServerMetrics(Coordinator coordinator) {
        this.coordinator = coordinator;
        this.leaderChanges = Counter.builder("meridian_leadership_changes")
                .description("times this server started or stopped leading").register(registry);
        Gauge.builder("meridian_leader", () -> this.coordinator == null ? 0 : 1)
                .description("1 while this server leads").register(registry);
        this.started = Counter.builder("meridian_jobs").tag("outcome", "started").register(registry);
        this.succeeded = Counter.builder("meridian_jobs").tag("outcome", "succeeded").register(registry);
        this.failed = Counter.builder("meridian_jobs").tag("outcome", "failed").register(registry);
        this.exchange = Timer.builder("meridian_exchange").description("worker exchange (lease) round trips")
                .publishPercentiles(0.5, 0.99).register(registry);
        for (int p = 1; p <= 10; p++) {
            int priority = p;
            Gauge.builder("meridian_queue_depth", () -> stats == null ? 0
                            : stats.waitingByPriority().getOrDefault(priority, 0L))
                    .tag("priority", Integer.toString(p)).register(registry);
        }
        for (WorkerStatus s : WorkerStatus.values()) {
            Gauge.builder("meridian_workers", () -> workers.stream().filter(w -> w.status() == s).count())
                    .tag("status", s.name().toLowerCase()).register(registry);
        }
        Gauge.builder("meridian_jobs_leased", () -> stats == null ? 0 : stats.leased() + stats.running())
                .register(registry);
        Gauge.builder("meridian_jobs_delayed", () -> stats == null ? 0 : stats.delayed()).register(registry);
        // Durability cost at a glance: store transactions, and the writes they carried (group commit batch size).
        Gauge.builder("meridian_store_commits", () -> this.coordinator == null ? 0
                : this.coordinator.committer().batchesCommitted())
                .description("store transactions committed since this server last took the lead").register(registry);
        Gauge.builder("meridian_store_commit_writes", () -> this.coordinator == null ? 0
                : this.coordinator.committer().writesCommitted())
                .description("records written by those transactions").register(registry);
        Gauge.builder("meridian_job_transitions_refused", () -> this.coordinator == null ? 0
                : this.coordinator.refusedTransitions())
                .description("job state changes refused as illegal since this server took the lead (each one a bug)")
                .register(registry);
    }

    public void jobsStarted(int n) {
        started.increment(n);
    }

    public void jobsFinished(int ok, int notOk) {
        succeeded.increment(ok);
        failed.increment(notOk);
    }

    public void exchangeTook(long nanos) {
        exchange.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void request(String method, String route, int status, long nanos) {
        requestTimers.computeIfAbsent(new RequestKey(method, route, status), k -> Timer
                        .builder("meridian_http_server_requests").tag("method", k.method()).tag("route", k.route())
                        .tag("status", Integer.toString(k.status())).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One request timer's tags. Routes are templates and methods are Jetty's known ones, so the set is small. */
    private record RequestKey(String method, String route, int status) {}

    /** A request refused with 503 because its class ({@code health}, {@code worker}, {@code client}) was full. */
    public void shed(String requestClass) {
        Counter.builder("meridian_http_shed").description("requests answered 503 at once: their class was at its limit")
                .tag("class", requestClass).register(registry).increment();
    }

    /** A connection closed because its request headers did not arrive within the header timeout. */
    public void headerTimedOut() {
        Counter.builder("meridian_http_header_timeouts")
                .description("connections closed: their request headers came too slowly (slowloris)")
                .register(registry).increment();
    }

    /** Slots in use, by request class, and parked long polls: read at each scrape. */
    public void capacity(String name, java.util.function.IntSupplier inUse) {
        Gauge.builder("meridian_http_in_flight", inUse::getAsInt).description("requests being handled, by class")
                .tag("class", name).register(registry);
    }

    /** The coordinator whose queue and workers the gauges show: the one this server leads with, or null. */
    public void bind(Coordinator leading) {
        coordinator = leading;
        leaderChanges.increment();
        if (leading == null) {
            stats = null;
            workers = List.of();
        }
    }

    /** The Prometheus text exposition, with queue and worker gauges refreshed first. */
    /** The registry behind {@link #scrape}, for parts that register their own meters (the event sinks). */
    public io.micrometer.core.instrument.MeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        Coordinator c = coordinator;
        if (c != null) {
            stats = c.queueStats();
            workers = c.workers();
        }
        return registry.scrape();
    }
}
