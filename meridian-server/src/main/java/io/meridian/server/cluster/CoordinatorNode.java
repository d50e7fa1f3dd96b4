package io.meridian.server.cluster;

import io.meridian.engine.Coordinator;
import io.meridian.engine.EngineSettings;
import io.meridian.engine.durability.Fitness;
import io.meridian.engine.leader.LeaderElector;
import io.meridian.engine.leader.LeadershipSettings;
import io.meridian.engine.time.SystemClock;
import io.meridian.protocol.lease.ExchangeRequest;
import io.meridian.protocol.lease.ExchangeResponse;
import io.meridian.protocol.lease.LeaseProtocol;
import io.meridian.protocol.lease.WorkerRegistration;
import io.meridian.protocol.lease.WorkerSession;
import io.meridian.protocol.state.CheckpointLink;
import io.meridian.protocol.state.LockGrant;
import io.meridian.protocol.state.TaskStateProtocol;
import io.meridian.server.CoordinatorServer;
import io.meridian.server.ServerSettings;
import io.meridian.server.auth.Tokens;
import io.meridian.server.routes.Unavailable;
import io.meridian.store.Store;
import io.meridian.store.leader.LeaderInfo;
import io.meridian.store.leader.Term;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One coordinator process among those sharing a store: an HTTP server that follows until the elector wins the
 * leadership lease, then builds a {@link Coordinator} from the store's durable state (fenced with the term's
 * epoch) and leads; on losing the lease it drops that hot state and follows again. With the embedded store
 * there is one node, which wins at once: the same path, one member.
 *
 * <p>Fatal means step down. The coordinator's fitness (see {@link Coordinator#unfit()}) is the elector's: a fatal
 * error in a component it needs, a full store or a stalled commit makes it resign at once, answer the reason on
 * its API and report not ready, until it leads healthily again or another coordinator has taken over.
 *
 * <p>Reloading state after winning never runs on the lease-renewal path: it runs on a thread of its own while
 * the elector keeps renewing; meanwhile the node answers {@code leader_starting}. If the term is lost during the
 * reload, the half-built coordinator is discarded.
 */
public final class CoordinatorNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CoordinatorNode.class);
    private final Store store;
    private final EngineSettings settings;
    private final LeadershipSettings leadership;
    private final String nodeId;
    private final String address;
    private final CoordinatorServer server;
    private final LeaderElector elector;
    private final LeaderCache leader;
    private final Object role = new Object();
    /** Counts role changes; a takeover whose generation is no longer current was overtaken by a deposition. */
    private volatile long generation;
    private volatile Coordinator current;
    private volatile Term starting;
    private volatile long startingSince;
    /** Why this node could not commit when it last stepped down (or failed to take over), until that is over. */
    private volatile Fitness.Verdict unfit;
    /** A takeover that failed: makes the elector resign the term it won. */
    private volatile Fitness.Verdict takeoverFailed;
    private volatile int recovered;
    private volatile boolean closing;

    private CoordinatorNode(Store store, EngineSettings settings, LeadershipSettings leadership,
                            ServerSettings serverSettings, Tokens tokens, Set<String> knownTypes, String nodeId,
                            String advertise) throws Exception {
        this.store = store;
        this.settings = settings;
        this.leadership = leadership;
        this.nodeId = nodeId;
        this.leader = new LeaderCache(() -> store.leadership().leader(), nodeId, Duration.ofMillis(500));
        this.server = CoordinatorServer.follower(serverSettings, tokens, knownTypes, store, leader::address);
        this.address = advertise != null ? advertise
                : (serverSettings.tlsKeystore() == null ? "http" : "https") + "://" + advertisedHost(serverSettings.host())
                + ":" + server.port();
        this.elector = new LeaderElector(store.leadership(), nodeId, address, leadership, System::nanoTime,
                new LeaderElector.Listener() {
                    @Override
                    public void elected(Term term) {
                        lead(term);
                    }

                    @Override
                    public void deposed(Term term, String reason) {
                        follow();
                    }
                });
        elector.fitness(this::unfitToLead);
    }

    /** Starts serving as a follower and campaigning for leadership. */
    public static CoordinatorNode start(Store store, EngineSettings settings, LeadershipSettings leadership,
                                        ServerSettings serverSettings, Tokens tokens, Set<String> knownTypes,
                                        String nodeId, String advertise) throws Exception {
        CoordinatorNode node = new CoordinatorNode(store, settings, leadership, serverSettings, tokens, knownTypes,
                nodeId, advertise);
        node.elector.start();
        return node;
    }

    /** Asked by the elector on every turn while leading. */
    private Optional<String> unfitToLead() {
        Coordinator c = current;
        Optional<Fitness.Verdict> why = c != null ? c.unfit() : Optional.ofNullable(takeoverFailed);
        return why.map(v -> v.code() + ": " + v.reason());
    }

    /** On the elector's thread: returns at once; the coordinator is built on a thread of its own. */
    private void lead(Term term) {
        long takeover;
        synchronized (role) {
            takeover = ++generation;
            starting = term;
            startingSince = System.nanoTime();
            takeoverFailed = null;
        }
        server.follow(store, leader::address, this::unavailable);
        Thread.ofVirtual().name("meridian-takeover-" + term.epoch()).start(() -> build(term, takeover));
    }

    private void build(Term term, long takeover) {
        Coordinator c = null;
        try {
            store.fence(term.epoch());
            c = Coordinator.start(store, settings, SystemClock.INSTANCE, Duration.ofMillis(100));
            c.fitness().commitStallLimit(leadership.commitStall());
            int n = c.recoverAll(() -> !stillCurrent(term, takeover));
            if (!install(c, term, takeover, n)) {
                log.warn("Leadership (epoch {}) was lost while state was being reloaded; the half-built coordinator "
                        + "is discarded", term.epoch());
                closeLater(c);
            }
        } catch (Throwable e) {
            closeLater(c);
            Fitness.Verdict why = c != null ? c.unfit().orElse(failedTakeover(e)) : failedTakeover(e);
            if (e instanceof io.meridian.store.StoreException) {
                log.error("Taking over (epoch {}) failed: {}; resigning", term.epoch(), why.reason());
            } else {
                log.error("Taking over (epoch {}) failed: {}; resigning", term.epoch(), why.reason(), e);
            }
            synchronized (role) {
                if (stillCurrent(term, takeover)) {
                    takeoverFailed = why;
                    unfit = why;
                }
            }
            elector.checkNow();
        }
    }

    private static Fitness.Verdict failedTakeover(Throwable e) {
        String what = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        String code = io.meridian.store.StorageFullException.isCause(e) ? "storage_full"
                : e instanceof io.meridian.store.StoreException ? "store_unavailable" : "coordinator_failed";
        return new Fitness.Verdict(code, "reloading state after winning the leadership failed (" + what + ")");
    }

    private boolean install(Coordinator c, Term term, long takeover, int n) {
        synchronized (role) {
            if (!stillCurrent(term, takeover)) {
                return false;
            }
            // A fatal error (a failed commit, an Error in a component) resigns now, not at the next lease check.
            c.fitness().onFault(elector::checkNow);
            // The routes first, then the role: whoever sees this node leading (isLeader, readiness) finds the
            // leader's routes in place, not the follower's "not leading".
            server.lead(c);
            current = c;
            starting = null;
            unfit = null;
            recovered = n;
        }
        leader.forget();
        try {
            c.announceLeadership(nodeId, term.epoch(), address);
        } catch (RuntimeException e) {
            // a commit that fails makes the coordinator unfit, and it resigns through its fitness listener
            log.warn("Recording leader.elected for epoch {} failed: {}", term.epoch(), e.getMessage());
        }
        log.info("Coordinator {} leads (epoch {}): {} unfinished executions reloaded from the store in {} ms", nodeId,
                term.epoch(), n, (System.nanoTime() - startingSince) / 1_000_000);
        return true;
    }

    private boolean stillCurrent(Term term, long takeover) {
        return generation == takeover && elector.term().map(t -> t.epoch() == term.epoch()).orElse(false);
    }

    /** On the elector's thread: stop leading at once; the old coordinator is closed off this thread. */
    private void follow() {
        Coordinator c;
        synchronized (role) {
            generation++;
            c = current;
            current = null;
            starting = null;
            Optional<Fitness.Verdict> why = c == null ? Optional.ofNullable(takeoverFailed) : c.unfit();
            why.ifPresent(v -> unfit = v);
            takeoverFailed = null;
        }
        server.follow(store, leader::address, unfit == null ? null : this::unavailable);
        leader.forget();
        closeLater(c);
    }

    /**
     * Why this node cannot serve writes now, if it cannot: it could not commit when it last stepped down (until it
     * leads again, or another coordinator is seen leading), or it is still reloading state after winning.
     */
    private Optional<Unavailable> unavailable() {
        Fitness.Verdict why = unfit;
        if (why != null && starting == null && current == null && leader.address().isPresent()) {
            // Someone else leads now: this node is an ordinary follower again, redirecting to it.
            synchronized (role) {
                if (unfit == why && current == null && starting == null) {
                    unfit = null;
                    Thread.ofVirtual().start(this::refollow);
                }
            }
            return Optional.empty();
        }
        if (why != null) {
            return Optional.of(Unavailable.unfit(why.code(), "this coordinator stepped down because it cannot "
                    + "commit: " + why.reason() + "; retry shortly"));
        }
        Term t = starting;
        if (t != null) {
            return Optional.of(Unavailable.starting("this coordinator won the leadership (epoch " + t.epoch()
                    + ") " + (System.nanoTime() - startingSince) / 1_000_000 + " ms ago and is still reloading state "
                    + "from the store; retry shortly"));
        }
        return Optional.empty();
    }

    private void refollow() {
        synchronized (role) {
            if (current == null && starting == null && unfit == null) {
                server.follow(store, leader::address);
            }
        }
    }

    private void closeLater(Coordinator c) {
        if (c == null) {
            return;
        }
        if (closing) {
            c.close(); // shutting down: commit what is queued before the store is closed
        } else {
            // Closing waits for queued commits (up to 10 s): never on the elector's thread.
            Thread.ofVirtual().name("meridian-coordinator-close").start(c::close);
        }
    }

    /** The config schema of each stage type, checked in every pipeline given over HTTP; see the server's. */
    public void configSchemas(java.util.Map<String, io.meridian.model.pipeline.ConfigSchema> schemas) {
        server.configSchemas(schemas);
    }

    /** The event sinks this node delivers to whenever it leads (docs/events.md). */
    public void sinks(java.util.List<io.meridian.events.SinkSettings> sinks) {
        server.sinks(sinks);
    }

    /** The webhook triggers this node serves whenever it leads (docs/events.md). */
    public void triggers(java.util.List<io.meridian.server.triggers.WebhookTrigger> triggers) {
        server.triggers(triggers);
    }

    /** The broker triggers this node consumes whenever it leads (docs/events.md). */
    public void brokerTriggers(java.util.List<io.meridian.server.triggers.BrokerTrigger> triggers) {
        server.brokerTriggers(triggers);
    }

    /** Federated stages of this node run with {@code federation}; its regions' health shows in the API. */
    public void federation(io.meridian.engine.federation.FederationCoordinator federation) {
        // only the leader records events; a follower's probes change nothing durable
        federation.onRegionEvents(event -> coordinator().ifPresent(c -> {
            try {
                c.announce(event);
            } catch (RuntimeException e) {
                log.warn("Region event {} of {} was not recorded: {}", event.type().wireName(), event.subject(),
                        e.getMessage());
            }
        }));
        server.federation(federation);
    }

    /** The pools this node sizes while it leads; their state shows at {@code /v1/pools}. */
    public void pools(io.meridian.server.pools.PoolsRunner pools) {
        server.pools(pools);
    }

    public boolean isLeader() {
        return elector.isLeader() && current != null;
    }

    /** The coordinator this node leads with, if it leads. */
    public Optional<Coordinator> coordinator() {
        return Optional.ofNullable(current);
    }

    /** Executions resumed the last time this node took the lead. */
    public int recovered() {
        return recovered;
    }

    public int port() {
        return server.port();
    }

    public Optional<LeaderInfo> leaderInfo() {
        return elector.leader();
    }

    /**
     * The lease protocol for in-process workers of this node: the leading coordinator's, or a refusal while
     * following (the worker runtime retries, and re-registers once this node leads).
     */
    public LeaseProtocol leases() {
        return new LeaseProtocol() {
            @Override
            public WorkerSession register(WorkerRegistration registration, String sessionSecret) {
                return server.leases().register(registration, sessionSecret);
            }

            @Override
            public ExchangeResponse exchange(ExchangeRequest request) {
                return server.leases().exchange(request);
            }

            @Override
            public void deregister(String workerId, String sessionSecret) {
                server.leases().deregister(workerId, sessionSecret);
            }
        };
    }

    /**
     * Locks, checkpoints and upstream outputs for in-process workers: the leading coordinator's, or a refusal while
     * following.
     */
    public TaskStateProtocol taskState() {
        return new TaskStateProtocol() {
            private TaskStateProtocol leading() {
                return coordinator().orElseThrow(() -> new IllegalStateException("this coordinator is not leading"))
                        .taskState();
            }

            @Override
            public Optional<LockGrant> acquireLock(String resource, String owner, Duration ttl) {
                return leading().acquireLock(resource, owner, ttl);
            }

            @Override
            public boolean releaseLock(String resource, String lockId) {
                return leading().releaseLock(resource, lockId);
            }

            @Override
            public Optional<LockGrant> extendLock(String resource, String lockId, Duration ttl) {
                return leading().extendLock(resource, lockId, ttl);
            }

            @Override
            public Optional<LockGrant> lock(String resource) {
                return leading().lock(resource);
            }

            @Override
            public void linkCheckpoint(CheckpointLink link) {
                leading().linkCheckpoint(link);
            }

            @Override
            public Optional<tools.jackson.databind.JsonNode> stageOutput(String executionId, String stageId) {
                return leading().stageOutput(executionId, stageId);
            }
        };
    }

    private static String advertisedHost(String bound) {
        if (!bound.equals("0.0.0.0") && !bound.equals("::")) {
            return bound;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "127.0.0.1";
        }
    }

    /** Stops campaigning (resigning if leading, so a follower takes over at once), then stops serving. */
    @Override
    public void close() {
        closing = true;
        elector.close();
        server.close();
    }

    /** The leader's address for redirects, read from the store at most every {@code ttl}: redirects are hot. */
    private static final class LeaderCache {
        private final java.util.function.Supplier<Optional<LeaderInfo>> read;
        private final String self;
        private final long ttlNanos;
        private volatile Optional<URI> cached = Optional.empty();
        private volatile long readAt;

        LeaderCache(java.util.function.Supplier<Optional<LeaderInfo>> read, String self, Duration ttl) {
            this.read = read;
            this.self = self;
            this.ttlNanos = ttl.toNanos();
            this.readAt = System.nanoTime() - ttlNanos;
        }

        Optional<URI> address() {
            long now = System.nanoTime();
            if (now - readAt >= ttlNanos) {
                try {
                    cached = read.get().filter(l -> !l.nodeId().equals(self)).map(l -> URI.create(l.address()));
                } catch (RuntimeException storeDown) {
                    cached = Optional.empty();
                }
                readAt = now;
            }
            return cached;
        }

        void forget() {
            readAt = System.nanoTime() - ttlNanos;
        }
    }
}
