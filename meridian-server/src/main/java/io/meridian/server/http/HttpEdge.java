package io.meridian.server.http;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.json.JavalinJackson3;
import io.meridian.model.json.Json;
import io.meridian.server.metrics.ServerMetrics;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening socket: Javalin on Jetty 12, handlers on virtual threads (selectors stay on a few platform
 * threads). It speaks HTTP/1.1 and HTTP/2: cleartext HTTP/2 (h2c, by upgrade or prior knowledge) without a
 * keystore, HTTPS with HTTP/2 negotiated by ALPN with one. Connection-level bounds: at most
 * {@code maxConnections} open, header and idle timeouts. Stopping lets in-flight requests finish for up to
 * {@link #STOP_TIMEOUT_MILLIS} while new ones are refused with 503.
 */
public final class HttpEdge implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpEdge.class);
    static final long STOP_TIMEOUT_MILLIS = 5_000;
    /** Connections waiting in the kernel to be accepted. */
    private static final int ACCEPT_QUEUE = 1024;

    /** Where to listen; {@code tlsKeystore} (PKCS#12) null for plain HTTP. */
    public record Endpoint(String host, int port, Path tlsKeystore, String tlsPassword) {}

    private final Javalin app;
    private final ServerConnector connector;

    private HttpEdge(Javalin app, ServerConnector connector) {
        this.app = app;
        this.connector = connector;
    }

    /**
     * Starts serving {@code api}; {@code more} adds routes Javalin serves itself (streams: SSE, WebSockets).
     * Each connection closed because its headers came too slowly is counted in {@code metrics}.
     */
    public static HttpEdge start(Endpoint endpoint, EdgeTimeouts timeouts, int maxConnections, ApiHandler api,
                                 ServerMetrics metrics, long maxBodyBytes, Consumer<io.javalin.config.RoutesConfig> more)
            throws Exception {
        JettyCacheLineHint.apply();
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("meridian-http");
        threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("meridian-request-", 0).factory()));
        Server server = new Server(threads);
        // Javalin puts its servlet context inside the innermost wrapper: graceful stop, then request completion,
        // then the workers' hot routes (served without the servlet layer; everything else passes through).
        GracefulHandler graceful = new GracefulHandler();
        RequestCompletion completion = new RequestCompletion(metrics);
        completion.setHandler(api.hotRoutes());
        graceful.setHandler(completion);
        server.setHandler(graceful);
        server.setErrorHandler(new JsonErrorHandler());
        server.setStopTimeout(STOP_TIMEOUT_MILLIS);
        ServerConnector[] listening = new ServerConnector[1];
        Javalin app = Javalin.create(cfg -> {
            cfg.unsafe.jettyInternal.server = server;
            cfg.jetty.threadPool = threads;
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.startup.startupWatcherEnabled = false;
            cfg.http.compressionStrategy = CompressionStrategy.NONE;
            cfg.http.maxRequestSize = maxBodyBytes;
            cfg.jsonMapper(new JavalinJackson3(Json.MAPPER, true));
            cfg.jetty.addConnector((s, http) -> {
                listening[0] = connector(s, http, endpoint, timeouts);
                s.addBean(new NetworkConnectionLimit(maxConnections, listening[0]));
                s.addBean(new HeaderReadTimeout(listening[0], s.getScheduler(), timeouts.header(),
                        metrics::headerTimedOut));
                return listening[0];
            });
            api.install(cfg);
            more.accept(cfg.routes);
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            server.stop();
            throw e;
        }
        return new HttpEdge(app, listening[0]);
    }

    private static ServerConnector connector(Server server, HttpConfiguration config, Endpoint endpoint,
                                             EdgeTimeouts timeouts) {
        config.setSendServerVersion(false);
        HttpConnectionFactory http1 = new HttpConnectionFactory(config);
        ServerConnector connector;
        if (endpoint.tlsKeystore() == null) {
            // h2c: a client may upgrade an HTTP/1.1 connection, or start with the HTTP/2 preface
            connector = new ServerConnector(server, http1, new CleartextHttp2(config));
        } else {
            // the certificate's name is the operator's business: requests by IP address or another name pass
            config.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStorePath(endpoint.tlsKeystore().toString());
            tls.setKeyStoreType("PKCS12");
            tls.setKeyStorePassword(endpoint.tlsPassword());
            HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(config);
            allowManyStreams(h2);
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
            alpn.setDefaultProtocol(http1.getProtocol());
            connector = new ServerConnector(server, new SslConnectionFactory(tls, alpn.getProtocol()), alpn, h2, http1);
        }
        connector.setHost(endpoint.host());
        connector.setPort(endpoint.port());
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        connector.setIdleTimeout(timeouts.idle().toMillis());
        return connector;
    }

    /**
     * Streams one HTTP/2 connection may have open at once. Jetty's default (128) is for browsers; here one client
     * may multiplex many long polls (each parks a stream for up to server.max_wait_millis) besides its short
     * calls, and the server's own admission limits (per request class) are what bound the work, not this.
     */
    static final int MAX_STREAMS_PER_CONNECTION = RequestCapacity.DEFAULT_LONG_POLLS + RequestCapacity.DEFAULT_CLIENTS
            + RequestCapacity.DEFAULT_WORKERS + RequestCapacity.DEFAULT_HEALTH;

    static void allowManyStreams(org.eclipse.jetty.http2.server.AbstractHTTP2ServerConnectionFactory h2) {
        h2.setMaxConcurrentStreams(MAX_STREAMS_PER_CONNECTION);
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Stops accepting, lets in-flight requests finish for up to {@link #STOP_TIMEOUT_MILLIS}, then closes. */
    @Override
    public void close() {
        try {
            app.stop();
        } catch (RuntimeException e) {
            log.warn("The HTTP server did not stop cleanly: {}", e.toString());
        }
    }
}
