package io.meridian.server;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.meridian.engine.Coordinator;
import io.meridian.protocol.lease.LeaseProtocol;
import io.meridian.server.auth.TokenRateLimiter;
import io.meridian.server.auth.Tokens;
import io.meridian.server.http.ApiHandler;
import io.meridian.server.http.Routes;
import io.meridian.server.metrics.MeteredLeaseProtocol;
import io.meridian.server.metrics.ServerMetrics;
import io.meridian.server.routes.CheckpointRoutes;
import io.meridian.server.routes.ExecutionRoutes;
import io.meridian.server.routes.LockRoutes;
import io.meridian.server.routes.HealthRoutes;
import io.meridian.server.routes.OpenApiRoutes;
import io.meridian.server.routes.PipelineRegistry;
import io.meridian.server.routes.PipelineRoutes;
import io.meridian.server.routes.QueueRoutes;
import io.meridian.server.routes.WorkerRoutes;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The coordinator's HTTP face, on the JDK's own HTTP server with one virtual thread per request (no framework:
 * the API is a few dozen JSON routes, and the JDK server also does TLS). Wires the routes, auth, limits and
 * metrics around a {@link Coordinator}.
 */
public final class CoordinatorServer implements AutoCloseable {
    private final HttpServer http;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final LeaseProtocol leases;
    private final List<io.meridian.server.http.Route> routes;

    private CoordinatorServer(HttpServer http, LeaseProtocol leases, List<io.meridian.server.http.Route> routes) {
        this.http = http;
        this.leases = leases;
        this.routes = routes;
    }

    public static CoordinatorServer start(ServerSettings settings, Coordinator coordinator, Tokens tokens,
                                          Set<String> knownTypes) throws Exception {
        ServerMetrics metrics = new ServerMetrics(coordinator);
        LeaseProtocol leases = new MeteredLeaseProtocol(coordinator.leases(), metrics);
        PipelineRegistry pipelines = new PipelineRegistry(coordinator);
        Routes routes = new Routes();
        new WorkerRoutes(leases, coordinator).addTo(routes);
        new QueueRoutes(coordinator).addTo(routes);
        new ExecutionRoutes(coordinator, pipelines, knownTypes).addTo(routes);
        new CheckpointRoutes(coordinator).addTo(routes);
        new LockRoutes(coordinator.locks()).addTo(routes);
        new PipelineRoutes(pipelines, knownTypes).addTo(routes);
        new HealthRoutes(coordinator, metrics).addTo(routes);
        new OpenApiRoutes().addTo(routes);
        HttpServer http = create(settings);
        CoordinatorServer server = new CoordinatorServer(http, leases, routes.all());
        http.setExecutor(server.executor);
        http.createContext("/", new ApiHandler(routes.all(), tokens, new TokenRateLimiter(settings.rateLimitPerToken()),
                new ApiHandler.Limits(settings.maxBodyBytes(), settings.maxConcurrentRequests()), metrics));
        http.start();
        return server;
    }

    private static HttpServer create(ServerSettings s) throws Exception {
        // Small JSON answers must not wait for Nagle's algorithm (a 40 ms stall against delayed ACKs).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        InetSocketAddress address = new InetSocketAddress(s.host(), s.port());
        if (s.tlsKeystore() == null) {
            return HttpServer.create(address, 1024);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(s.tlsKeystore())) {
            ks.load(in, s.tlsPassword().toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, s.tlsPassword().toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(address, 1024);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        return https;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** The lease protocol as the server exposes it (metered), for in-process workers of the server. */
    public LeaseProtocol leases() {
        return leases;
    }

    public List<io.meridian.server.http.Route> routes() {
        return routes;
    }

    /** Stops accepting, lets in-flight requests finish for up to 5 s. */
    @Override
    public void close() {
        http.stop(5);
        executor.shutdown();
    }
}
