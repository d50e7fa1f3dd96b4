package io.meridian.server.cluster;

import io.meridian.engine.Coordinator;
import io.meridian.engine.EngineSettings;
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
 */
public final class CoordinatorNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CoordinatorNode.class);
    private final Store store;
    private final EngineSettings settings;
    private final String nodeId;
    private final CoordinatorServer server;
    private final LeaderElector elector;
    private final LeaderCache leader;
    private volatile Coordinator current;
    private volatile int recovered;

    private CoordinatorNode(Store store, EngineSettings settings, LeadershipSettings leadership,
                            ServerSettings serverSettings, Tokens tokens, Set<String> knownTypes, String nodeId,
                            String advertise) throws Exception {
        this.store = store;
        this.settings = settings;
        this.nodeId = nodeId;
        this.leader = new LeaderCache(() -> store.leadership().leader(), nodeId, Duration.ofMillis(500));
        this.server = CoordinatorServer.follower(serverSettings, tokens, knownTypes, store, leader::address);
        String address = advertise != null ? advertise
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
        elector.fitness(() -> {
            Coordinator c = current;
            return c == null || !c.committer().isFailed();
        });
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

    private void lead(Term term) {
        store.fence(term.epoch());
        Coordinator c = Coordinator.start(store, settings, SystemClock.INSTANCE, Duration.ofMillis(100));
        try {
            recovered = c.recoverAll();
        } catch (RuntimeException e) {
            c.close();
            throw e; // the elector logs it; fitness is checked on its next turn
        }
        current = c;
        // A failed commit (the store went away) makes this coordinator fail-stop: resign now, so that leadership
        // is retaken with state reloaded from the store as soon as the store answers again.
        c.committer().onFailure(elector::checkNow);
        server.lead(c);
        leader.forget();
        log.info("Coordinator {} leads (epoch {}): {} unfinished executions reloaded from the store", nodeId,
                term.epoch(), recovered);
    }

    private void follow() {
        server.follow(store, leader::address);
        leader.forget();
        Coordinator c = current;
        current = null;
        if (c != null) {
            c.close();
        }
    }

    /** Federated stages of this node run with {@code federation}; its regions' health shows in the API. */
    public void federation(io.meridian.engine.federation.FederationCoordinator federation) {
        server.federation(federation);
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

    /** Locks and checkpoints for in-process workers: the leading coordinator's, or a refusal while following. */
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
