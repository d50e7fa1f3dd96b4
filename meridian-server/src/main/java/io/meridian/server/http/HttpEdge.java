package io.meridian.server.http;

import java.nio.file.Path;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening socket: Jetty with its plain Handler API, requests handled on virtual threads (selectors stay
 * on a few platform threads), HTTPS when a keystore is set, and the connection-level bounds: at most
 * {@code maxConnections} open, header and idle timeouts. Stopping lets in-flight requests finish for up to
 * {@link #STOP_TIMEOUT_MILLIS} while new ones are refused with 503.
 */
public final class HttpEdge implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpEdge.class);
    static final long STOP_TIMEOUT_MILLIS = 5_000;
    /** Connections waiting in the kernel to be accepted. */
    private static final int ACCEPT_QUEUE = 1024;
    /**
     * Our routes match raw path segments exactly and never map a path to a file, so an encoded '/' or '%' in a
     * path parameter (a lock's resource name) is data, not an ambiguity to refuse.
     */
    private static final UriCompliance URI_COMPLIANCE = UriCompliance.DEFAULT.with("MERIDIAN",
            UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
            UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT, UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT);

    /** Where to listen; {@code tlsKeystore} (PKCS#12) null for plain HTTP. */
    public record Endpoint(String host, int port, Path tlsKeystore, String tlsPassword) {}

    private final Server server;
    private final ServerConnector connector;

    private HttpEdge(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** {@code onHeaderTimeout} runs for each connection closed because its headers came too slowly. */
    public static HttpEdge start(Endpoint endpoint, EdgeTimeouts timeouts, int maxConnections, Handler handler,
                                 Runnable onHeaderTimeout) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("meridian-http");
        threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("meridian-request-", 0).factory()));
        Server server = new Server(threads);
        ServerConnector connector = connector(server, endpoint);
        connector.setIdleTimeout(timeouts.idle().toMillis());
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(maxConnections, connector));
        server.addBean(new HeaderReadTimeout(connector, server.getScheduler(), timeouts.header(), onHeaderTimeout));
        server.setErrorHandler(new JsonErrorHandler());
        server.setHandler(new GracefulHandler(handler));
        server.setStopTimeout(STOP_TIMEOUT_MILLIS);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return new HttpEdge(server, connector);
    }

    private static ServerConnector connector(Server server, Endpoint endpoint) {
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setUriCompliance(URI_COMPLIANCE);
        HttpConnectionFactory http = new HttpConnectionFactory(config);
        ServerConnector connector;
        if (endpoint.tlsKeystore() == null) {
            connector = new ServerConnector(server, http);
        } else {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStorePath(endpoint.tlsKeystore().toString());
            tls.setKeyStoreType("PKCS12");
            tls.setKeyStorePassword(endpoint.tlsPassword());
            connector = new ServerConnector(server, new SslConnectionFactory(tls, http.getProtocol()), http);
        }
        connector.setHost(endpoint.host());
        connector.setPort(endpoint.port());
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        return connector;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Stops accepting, lets in-flight requests finish for up to {@link #STOP_TIMEOUT_MILLIS}, then closes. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("The HTTP server did not stop cleanly: {}", e.toString());
        }
    }
}
