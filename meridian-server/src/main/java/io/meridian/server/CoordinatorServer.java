package io.meridian.server;

import io.meridian.engine.Coordinator;
import io.meridian.model.pipeline.ConfigSchema;
import io.meridian.protocol.lease.LeaseProtocol;
import io.meridian.server.auth.TokenRateLimiter;
import io.meridian.server.auth.Tokens;
import io.meridian.server.events.EventRoutes;
import io.meridian.server.events.EventSocket;
import io.meridian.server.events.EventTail;
import io.meridian.server.events.SubscriberLimits;
import io.meridian.server.http.Admission;
import io.meridian.server.http.ApiHandler;
import io.meridian.server.http.HttpEdge;
import io.meridian.server.http.RequestClass;
import io.meridian.server.http.Routes;
import io.meridian.server.metrics.MeteredLeaseProtocol;
import io.meridian.server.metrics.ServerMetrics;
import io.meridian.server.routes.CheckpointRoutes;
import io.meridian.server.routes.ScheduleRoutes;
import io.meridian.server.routes.ExecutionRoutes;
import io.meridian.server.routes.FederationRoutes;
import io.meridian.server.routes.LockRoutes;
import io.meridian.server.routes.HealthRoutes;
import io.meridian.server.routes.OpenApiRoutes;
import io.meridian.server.routes.PipelineRegistry;
import io.meridian.server.routes.PipelineRoutes;
import io.meridian.server.routes.QueueRoutes;
import io.meridian.server.routes.SeedCompatRoutes;
import io.meridian.server.routes.StageOutputRoutes;
import io.meridian.server.routes.WatchRoutes;
import io.meridian.server.routes.WorkerPresence;
import io.meridian.server.routes.TokenRoutes;
import io.meridian.server.routes.WorkerRoutes;
import io.meridian.server.routes.FollowerRoutes;
import io.meridian.store.Store;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.List;
import java.util.Set;

/**
 * The coordinator's HTTP face, on Javalin and Jetty 12 with one virtual thread per request. Wires the routes,
 * auth, limits and metrics around a {@link Coordinator}.
 */
public final class CoordinatorServer implements AutoCloseable {
    private final HttpEdge http;
    private final ApiHandler handler;
    private final ServerMetrics metrics;
    private final Set<String> knownTypes;
    /** Told to workers at registration, so that they never send an exchange the server would refuse. */
    private final long maxBodyBytes;
    /** For routes that treat admin tokens specially (an admin may remove any worker). */
    private final Tokens tokens;
    private volatile LeaseProtocol leases;
    private volatile List<io.meridian.server.http.Route> routes = List.of();
    private volatile io.meridian.engine.federation.FederationCoordinator federation;
    private volatile io.meridian.server.pools.PoolsRunner pools;
    private final java.time.Duration disconnectGrace;
    private WorkerPresence presence;
    /** The event sinks this server delivers to while it leads, and their deliveries of the current term. */
    private volatile List<io.meridian.events.SinkSettings> sinks = List.of();
    /** Signed webhooks that start pipelines, served while this server leads. */
    private volatile List<io.meridian.server.triggers.WebhookTrigger> triggers = List.of();
    private io.meridian.events.SinkDeliveries deliveries;
    /** Triggers consuming RabbitMQ, Kafka, Redis streams or NATS while this server leads. */
    private final io.meridian.server.triggers.BrokerTriggers brokerTriggers;

    /** The event tail while this server leads (else null), the limits its readers are held to, and their drops. */
    private record EventReaders(java.util.concurrent.atomic.AtomicReference<EventTail> tail,
                                java.util.concurrent.atomic.AtomicReference<SubscriberLimits> limits,
                                io.meridian.server.events.ReaderDrops drops) {}

    private final EventReaders events;
    /** Turns committed events into spans, when this process traces (OTEL_* settings); else null. */
    private final java.util.function.Consumer<List<io.meridian.store.event.EventRecord>> executionSpans =
            io.meridian.tracing.Tracing.process().on() ? io.meridian.tracing.Tracing.process().executionSpans() : null;

    /** The coordinator while this server leads, else null: what the WebSocket routes follow. */
    private final java.util.concurrent.atomic.AtomicReference<Coordinator> leading;
    /** By stage type: the config each type declares, checked in every pipeline this server is given. */
    private volatile Map<String, ConfigSchema> configSchemas = Map.of();

    private CoordinatorServer(HttpEdge http, ApiHandler handler, ServerMetrics metrics, Set<String> knownTypes,
                              long maxBodyBytes, Tokens tokens, java.time.Duration disconnectGrace,
                              java.util.concurrent.atomic.AtomicReference<Coordinator> leading, EventReaders events) {
        this.leading = leading;
        this.events = events;
        this.disconnectGrace = disconnectGrace;
        this.tokens = tokens;
        this.http = http;
        this.handler = handler;
        this.metrics = metrics;
        this.knownTypes = knownTypes;
        this.maxBodyBytes = maxBodyBytes;
        this.brokerTriggers = new io.meridian.server.triggers.BrokerTriggers(metrics.registry());
    }

    /** A server that leads with {@code coordinator} from the start (one coordinator, or a test). */
    public static CoordinatorServer start(ServerSettings settings, Coordinator coordinator, Tokens tokens,
                                          Set<String> knownTypes) throws Exception {
        CoordinatorServer server = open(settings, tokens, knownTypes);
        server.lead(coordinator);
        return server;
    }

    /**
     * A server that starts as a follower (several coordinators on one store): it answers health, metrics and
     * reads of executions from {@code store}, and redirects the rest to the leader until {@link #lead} is called.
     */
    public static CoordinatorServer follower(ServerSettings settings, Tokens tokens, Set<String> knownTypes,
                                             Store store, Supplier<Optional<URI>> leader) throws Exception {
        CoordinatorServer server = open(settings, tokens, knownTypes);
        server.follow(store, leader);
        return server;
    }

    private static CoordinatorServer open(ServerSettings settings, Tokens tokens, Set<String> knownTypes)
            throws Exception {
        ServerMetrics metrics = new ServerMetrics();
        var leading = new java.util.concurrent.atomic.AtomicReference<Coordinator>();
        var tail = new java.util.concurrent.atomic.AtomicReference<EventTail>();
        var limits = new java.util.concurrent.atomic.AtomicReference<>(SubscriberLimits.DEFAULT);
        var drops = new io.meridian.server.events.ReaderDrops(metrics.registry());
        Admission admission = new Admission(settings.capacity());
        for (RequestClass c : RequestClass.values()) {
            metrics.capacity(c.name().toLowerCase(), () -> admission.inUse(c));
        }
        metrics.capacity("long_poll", admission::longPollsInUse);
        ApiHandler handler = new ApiHandler(tokens, new TokenRateLimiter(settings.rateLimitPerToken()),
                new ApiHandler.Limits(settings.maxBodyBytes(), settings.timeouts().bodyRead(),
                        settings.timeouts().longPollMax(), settings.capacity().longPolls()), admission, metrics);
        HttpEdge http = HttpEdge.start(new HttpEdge.Endpoint(settings.host(), settings.port(), settings.tlsKeystore(),
                settings.tlsPassword()), settings.timeouts(), settings.capacity().connections(), handler, metrics,
                settings.maxBodyBytes(), routes -> {
                    WatchRoutes.addWebSocket(routes, tokens, () -> Optional.ofNullable(leading.get()));
                    EventSocket.addTo(routes, tokens, () -> Optional.ofNullable(tail.get()), limits::get, drops);
                });
        return new CoordinatorServer(http, handler, metrics, knownTypes, settings.maxBodyBytes(), tokens,
                settings.timeouts().disconnectGrace(), leading, new EventReaders(tail, limits, drops));
    }

    /** From now on this server leads with {@code coordinator}: every route is served by it. */
    public synchronized void lead(Coordinator coordinator) {
        LeaseProtocol metered = new MeteredLeaseProtocol(coordinator.leases(), metrics);
        PipelineRegistry pipelines = new PipelineRegistry(coordinator);
        Routes r = new Routes();
        // null: any type (a test server); else what this server knows plus what its workers register
        Set<String> knownTypes = this.knownTypes == null ? null
                : new io.meridian.server.types.AcceptedStageTypes(this.knownTypes, coordinator);
        stopWatchingWorkers();
        presence = new WorkerPresence(coordinator, disconnectGrace);
        WorkerRoutes workerRoutes = new WorkerRoutes(metered, coordinator, tokens, maxBodyBytes, presence);
        workerRoutes.addTo(r);
        new QueueRoutes(coordinator, knownTypes).addTo(r);
        Supplier<Optional<io.meridian.engine.federation.FederationCoordinator>> fed =
                () -> Optional.ofNullable(federation);
        Supplier<Map<String, ConfigSchema>> schemas = () -> configSchemas;
        ExecutionRoutes executionRoutes = new ExecutionRoutes(coordinator, pipelines, knownTypes, schemas, fed);
        executionRoutes.addTo(r);
        new FederationRoutes(coordinator, knownTypes, schemas, fed).addTo(r);
        new io.meridian.server.pools.PoolRoutes(() -> Optional.ofNullable(pools)).addTo(r);
        new CheckpointRoutes(coordinator).addTo(r);
        new StageOutputRoutes(coordinator::stageOutput).addTo(r);
        new LockRoutes(coordinator.locks()).addTo(r);
        new ScheduleRoutes(coordinator.schedules()).addTo(r);
        new PipelineRoutes(pipelines, knownTypes, schemas).addTo(r);
        new HealthRoutes(coordinator, metrics).addTo(r);
        tokens.store().ifPresent(store -> new TokenRoutes(tokens, store).addTo(r));
        new OpenApiRoutes().addTo(r);
        new WatchRoutes(coordinator).addTo(r);
        EventTail tail = attachTail(coordinator);
        new EventRoutes(tail, events.limits()::get, events.drops()).addTo(r);
        startSinks(tail, coordinator);
        new io.meridian.server.events.SinkRoutes(() -> sinks, this::sinkDeliveries, coordinator.sinkCursors(), tail)
                .addTo(r);
        new io.meridian.server.triggers.TriggerRoutes(coordinator, pipelines, () -> triggers,
                java.time.Clock.systemUTC()).addTo(r);
        brokerTriggers.lead(coordinator, pipelines);
        new SeedCompatRoutes(workerRoutes, executionRoutes).addTo(r); // after the /v1 routes it stands on
        this.leases = metered;
        leading.set(coordinator);
        this.routes = r.all();
        metrics.bind(coordinator);
        handler.lead(routes);
    }

    /**
     * A tail of this term's events for readers on this server, fed by the coordinator's commits; the previous
     * term's tail ends its readers (they reconnect and resume).
     */
    private EventTail attachTail(Coordinator coordinator) {
        EventTail tail = new EventTail(coordinator.events(), coordinator.lastEventSequence(),
                events.limits().get().tailCapacity());
        var spans = executionSpans;
        if (spans == null) {
            coordinator.onEventsCommitted(tail::publish);
        } else {
            coordinator.traceGrantsWith(io.meridian.tracing.Tracing.process().grantContext());
            coordinator.onEventsCommitted(committed -> {
                tail.publish(committed);
                spans.accept(committed);
            });
        }
        EventTail old = events.tail().getAndSet(tail);
        if (old != null) {
            old.close();
        }
        return tail;
    }

    /**
     * Delivers events to these sinks whenever this server leads, from each sink's durable cursor (at once when it
     * leads now). Each sink runs on its own thread: a slow or dead broker never slows the engine's commits.
     */
    public synchronized void sinks(List<io.meridian.events.SinkSettings> sinks) {
        this.sinks = List.copyOf(sinks);
        Coordinator coordinator = leading.get();
        EventTail tail = events.tail().get();
        if (coordinator != null && tail != null) {
            startSinks(tail, coordinator);
        }
    }

    /** The webhook triggers served at {@code /v1/triggers/NAME} while this server leads. */
    public void triggers(List<io.meridian.server.triggers.WebhookTrigger> triggers) {
        this.triggers = List.copyOf(triggers);
    }

    /** The broker triggers consumed while this server leads (docs/events.md). */
    public void brokerTriggers(List<io.meridian.server.triggers.BrokerTrigger> triggers) {
        brokerTriggers.triggers(triggers);
    }

    /** The deliveries of this term, while this server leads with sinks configured. */
    public synchronized Optional<io.meridian.events.SinkDeliveries> sinkDeliveries() {
        return Optional.ofNullable(deliveries);
    }

    private void startSinks(EventTail tail, Coordinator coordinator) {
        stopSinks();
        if (!sinks.isEmpty()) {
            io.meridian.tracing.Tracing tracing = io.meridian.tracing.Tracing.process();
            // a traced execution's events carry its trace context into the brokers' messages
            deliveries = io.meridian.events.SinkDeliveries.start(sinks, new io.meridian.server.events.TailFeed(tail),
                    coordinator.sinkCursors(), metrics.registry(), tracing.on() ? tracing::traceparentOf
                            : io.meridian.events.MessageTrace.NONE);
        }
    }

    private void stopSinks() {
        if (deliveries != null) {
            deliveries.close();
            deliveries = null;
        }
    }

    /** Holds event readers to {@code limits} from now on (the tail's capacity from the next term on). */
    public void subscriberLimits(SubscriberLimits limits) {
        events.limits().set(limits);
    }

    /** Event readers dropped for being slow, by transport and cause (also on /metrics). */
    public io.meridian.server.events.ReaderDrops readerDrops() {
        return events.drops();
    }

    /** The federation this coordinator runs federated stages with (its regions' health shows in the API). */
    public void federation(io.meridian.engine.federation.FederationCoordinator federation) {
        this.federation = federation;
    }

    /** The pools this coordinator sizes while it leads (shown at {@code /v1/pools}). */
    public void pools(io.meridian.server.pools.PoolsRunner pools) {
        this.pools = pools;
    }

    /**
     * The config schema of each stage type this coordinator knows (its handlers' {@code configSchema()}): every
     * pipeline given over HTTP has its stage configs checked against them (400 {@code validation_failed}). A type
     * without one accepts any config. Set it before serving traffic; until then no config is checked.
     */
    public void configSchemas(Map<String, ConfigSchema> schemas) {
        this.configSchemas = Map.copyOf(schemas);
    }

    /** From now on this server follows: local reads and health, redirects for the rest. */
    public synchronized void follow(Store store, Supplier<Optional<URI>> leader) {
        follow(store, leader, null);
    }

    /**
     * As {@link #follow(Store, Supplier)}, but while {@code unavailable} says why (leader starting, storage full,
     * a fatal error), the API answers that reason instead of redirecting, and readiness is 503.
     */
    public synchronized void follow(Store store, Supplier<Optional<URI>> leader,
                                    Supplier<Optional<io.meridian.server.routes.Unavailable>> unavailable) {
        stopWatchingWorkers();
        stopSinks();
        brokerTriggers.stop();
        Routes r = new Routes();
        new FollowerRoutes(store, metrics, leader, unavailable).addTo(r);
        StageOutputRoutes.fromStore(store).addTo(r);
        tokens.store().ifPresent(tokenStore -> new TokenRoutes(tokens, tokenStore).addTo(r));
        new OpenApiRoutes().addTo(r);
        this.leases = null;
        leading.set(null);
        EventTail old = events.tail().getAndSet(null);
        if (old != null) {
            old.close();
        }
        this.routes = r.all();
        metrics.bind(null);
        handler.follow(routes, leader);
    }

    public int port() {
        return http.port();
    }

    /** The lease protocol as the server exposes it (metered), for in-process workers of a leading server. */
    public LeaseProtocol leases() {
        LeaseProtocol l = leases;
        if (l == null) {
            throw new IllegalStateException("this coordinator is not leading");
        }
        return l;
    }

    public List<io.meridian.server.http.Route> routes() {
        return routes;
    }

    /** Stops accepting, lets in-flight requests finish for up to 5 s (new ones get 503 meanwhile). */
    @Override
    public void close() {
        synchronized (this) {
            stopWatchingWorkers();
            stopSinks();
            brokerTriggers.stop();
        }
        http.close();
    }

    /** Connections closing while leadership moves or the server stops say nothing about the workers. */
    private void stopWatchingWorkers() {
        if (presence != null) {
            presence.close();
            presence = null;
        }
    }
}
