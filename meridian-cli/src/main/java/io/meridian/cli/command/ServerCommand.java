package io.meridian.cli.command;

import io.meridian.cli.embedded.LocalWorkers;
import io.meridian.cli.embedded.PoolProvisioners;
import io.meridian.cli.embedded.ServerPools;
import io.meridian.elastic.pool.PoolSpec;
import io.meridian.model.text.FieldRules;
import io.meridian.server.ServerSettings;
import io.meridian.server.auth.Tokens;
import io.meridian.server.cluster.CoordinatorNode;
import io.meridian.server.config.FederationSettings;
import io.meridian.server.config.MeridianConfig;
import io.meridian.server.config.PoolFlag;
import io.meridian.server.federation.FederationRunner;
import io.meridian.store.Store;
import io.meridian.worker.sdk.HandlerRegistry;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code meridian server}: a coordinator that clients and workers reach over HTTP. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Run a coordinator server: the REST API under /v1, the worker gateway, health checks and "
                + "/metrics. Prints its address and where its admin token is.",
                "On the embedded store it leads at once. Several servers may share one PostgreSQL or MariaDB "
                        + "store (--store postgresql://... or mariadb://...): one leads, the others answer reads and redirect the rest to it, "
                        + "and one of them takes over within seconds if the leader dies.",
                "Unfinished executions and queued jobs are picked up where they were. SIGTERM stops it gracefully "
                        + "(a leader hands over at once)."})
public final class ServerCommand implements Callable<Integer> {
    @Option(names = "--bind", defaultValue = "127.0.0.1:7070", paramLabel = "HOST:PORT",
            description = "Where to listen (default: ${DEFAULT-VALUE}; port 0 picks a free one).")
    String bind;

    @Option(names = "--advertise", paramLabel = "URL",
            description = "The address other coordinators send clients to when this one leads "
                    + "(default: http://HOST:PORT of --bind).")
    String advertise;

    @Option(names = "--node-id", paramLabel = "ID",
            description = "This coordinator's name among those sharing a store: 1-128 letters, digits, '.', '_', "
                    + "'-', ':' or '@' (default: host name and port).")
    String nodeId;

    @Option(names = "--workers", defaultValue = "0",
            description = "In-process workers to run as well (default: ${DEFAULT-VALUE}).")
    int localWorkers;

    @Option(names = "--pool", paramLabel = "PROVIDER:key=value,...",
            description = "A worker pool the leader starts and stops by demand (repeatable), with the keys of a "
                    + "pools: entry, e.g. local:name=burst,min=0,max=8,capabilities=burst, or a Deployment in the "
                    + "cluster of KUBECONFIG (or this pod's), e.g. kubernetes:name=gpu,max=4,image=IMAGE,gpu=1,"
                    + "tolerations=nvidia.com/gpu:NoSchedule (docs/elastic.md).")
    List<String> poolFlags = new java.util.ArrayList<>();

    @Mixin
    HandlersOption handlerJars;

    @Mixin
    DataDirOption store;

    @Override
    public Integer call() throws Exception {
        int colon = bind.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("--bind must be HOST:PORT, got '" + bind + "'");
        }
        String host = bind.substring(0, colon);
        int port = Integer.parseInt(bind.substring(colon + 1));
        MeridianConfig config = store.loadConfig();
        List<PoolSpec> pools = pools(config);
        String location = store.storeLocation(config);
        Store s = store.openStore(config);
        Tokens tokens = Tokens.load(config.file().auth().tokens(), System.getenv(), store.dataDir, s.tokens());
        String poolToken = pools.isEmpty() ? null : Tokens.newToken(); // lives as long as this process
        if (poolToken != null) {
            tokens.addToken(poolToken, "pool-workers", java.util.EnumSet.of(io.meridian.server.auth.Scope.WORKER));
        }
        HandlerRegistry handlers = handlerJars.load();
        var sinks = io.meridian.server.config.SinkConfigs.read(config, System.getenv()); // errors before starting
        var triggers = io.meridian.server.config.TriggerConfigs.read(config, System.getenv());
        String id = FieldRules.NODE_ID.require(nodeId != null ? "--node-id" : "node id (host:port)",
                nodeId != null ? nodeId : java.net.InetAddress.getLocalHost().getHostName() + ":" + port);
        CoordinatorNode node = CoordinatorNode.start(s, config.engineSettings(), config.leadershipSettings(),
                ServerSettings.of(host, port, config.file().server()), tokens, ownTypes(handlers, config), id, advertise);
        node.configSchemas(handlers.configSchemas());
        node.sinks(sinks);
        node.triggers(triggers.webhooks());
        node.brokerTriggers(triggers.brokers());
        FederationRunner federation = FederationSettings.read(config, System.getenv())
                .map(f -> FederationRunner.start(f, node.leases(), node.taskState(), node::coordinator, id))
                .orElse(null);
        if (federation != null) {
            node.federation(federation.federation());
        }
        LocalWorkers workers = new LocalWorkers(node.leases(), node.taskState(), handlers, config, store.dataDir);
        String scheme = config.file().server().tls().keystore() != null ? "https" : "http";
        awaitRole(node, id);
        ServerPools serverPools = pools.isEmpty() ? null : ServerPools.start(pools, node, scheme + "://"
                + reachable(host) + ":" + node.port(), poolToken, store.config, store.dataDir, handlerJars.paths);
        if (localWorkers > 0) {
            // a worker registering with a node that does not lead yet is refused: they register once it leads
            workers.startWhenAccepted(localWorkers, 16, List.of("cpu", "network"));
        }
        // A store describes itself without its password (PostgresStore: user, host, database and schema).
        System.out.printf("Meridian coordinator %s listening on %s://%s:%d (store: %s; %s)%n", id, scheme, host,
                node.port(), store.describe(location, s),
                node.isLeader() ? "leading, " + node.recovered() + " executions resumed"
                        : "following " + node.leaderInfo().map(l -> l.nodeId() + " at " + l.address()).orElse("(election under way)"));
        if (federation != null) {
            System.out.println("Federation: regions " + String.join(", ", federation.federation().config().names())
                    + " (default strategy " + federation.federation().config().defaultStrategy().wireName() + ")");
        }
        if (!pools.isEmpty()) {
            System.out.println("Pools: " + String.join(", ", pools.stream().map(p -> p.name() + " (" + p.provider()
                    .word() + ", " + p.min() + "-" + p.max() + " workers)").toList()));
        }
        tokens.adminTokenNote().ifPresent(System.out::println);
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("Coordinator stopping: finishing in-flight requests");
            if (serverPools != null) {
                serverPools.close(); // drains the pool workers while this coordinator still answers them
            }
            workers.close();
            if (federation != null) {
                federation.close();
            }
            node.close();
            s.close();
            stopped.countDown();
        }));
        stopped.await();
        return ExitCode.OK;
    }

    /** Where a pool worker on this machine reaches a server bound to {@code host}. */
    private static String reachable(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.isEmpty() ? "127.0.0.1" : host;
    }

    /** The pools of the config file and of --pool, names unique across both. */
    private List<PoolSpec> pools(MeridianConfig config) {
        List<PoolSpec> out = new java.util.ArrayList<>(config.pools());
        for (String flag : poolFlags) {
            PoolSpec p = PoolFlag.parse(flag);
            if (out.stream().anyMatch(o -> o.name().equals(p.name()))) {
                throw new IllegalArgumentException("--pool " + p.name() + ": a pool of that name is already declared");
            }
            out.add(p);
        }
        PoolProvisioners.check(out, System::getenv); // refused before anything starts
        return out;
    }

    /**
     * The stage types accepted without asking workers: those loaded here and those the config declares. Pipelines
     * may also use any type a registered worker has.
     */
    private static java.util.Set<String> ownTypes(HandlerRegistry handlers, MeridianConfig config) {
        java.util.Set<String> types = new java.util.TreeSet<>(handlers.types());
        types.addAll(config.declaredStageTypes());
        return types;
    }

    /** Up to a few seconds for the first election, so the banner says which role this node has. */
    private static void awaitRole(CoordinatorNode node, String id) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        // The store names this node leader a moment before its coordinator is built: wait for that too.
        while (!node.isLeader() && node.leaderInfo().map(l -> l.nodeId().equals(id)).orElse(true)
                && System.nanoTime() < until) {
            Thread.sleep(20);
        }
    }
}
