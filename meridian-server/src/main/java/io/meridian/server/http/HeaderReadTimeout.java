package io.meridian.server.http;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose request line and headers take longer than the header timeout to arrive, counted
 * from their first byte. A client trickling header bytes (slowloris) keeps the idle timeout from ever firing,
 * and Jetty has no header timeout of its own, so a sweep looks at each connection's HTTP parser a few times per
 * timeout. Nothing has been handed to a route yet, so there is no one to answer: the connection is just closed.
 * The parser is reached through Jetty's {@code internal.HttpConnection} (public, but not API): a Jetty upgrade
 * that moves it fails this class's compilation, not silently its behaviour, and OverloadTest covers it.
 */
final class HeaderReadTimeout extends AbstractLifeCycle {
    private static final Logger log = LoggerFactory.getLogger(HeaderReadTimeout.class);

    private final AbstractConnector connector;
    private final Scheduler scheduler;
    private final long timeoutNanos;
    private final long sweepMillis;
    private final Runnable onCutOff;
    /** Connections seen reading headers, and since when; only the sweep touches it. */
    private Map<HttpConnection, Since> reading = new HashMap<>();
    private volatile Scheduler.Task next;

    /** The request (counted by the connection) whose headers were first seen arriving at {@code nanos}. */
    private record Since(long request, long nanos) {}

    HeaderReadTimeout(AbstractConnector connector, Scheduler scheduler, Duration timeout, Runnable onCutOff) {
        this.connector = connector;
        this.onCutOff = onCutOff;
        this.scheduler = scheduler;
        this.timeoutNanos = timeout.toNanos();
        this.sweepMillis = Math.clamp(timeout.toMillis() / 4, 10, 1000);
    }

    @Override
    protected void doStart() {
        schedule();
    }

    @Override
    protected void doStop() {
        Scheduler.Task task = next;
        if (task != null) {
            task.cancel();
        }
    }

    private void schedule() {
        if (isRunning() || isStarting()) {
            next = scheduler.schedule(this::sweepAndReschedule, sweepMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void sweepAndReschedule() {
        try {
            sweep(System.nanoTime());
        } catch (RuntimeException e) {
            log.warn("Header timeout sweep failed; it runs again in {} ms", sweepMillis, e);
        }
        schedule();
    }

    void sweep(long now) {
        Map<HttpConnection, Since> stillReading = new HashMap<>();
        for (EndPoint endPoint : connector.getConnectedEndPoints()) {
            HttpConnection http = httpConnection(endPoint.getConnection());
            if (http == null || !readingHeaders(http.getParser())) {
                continue;
            }
            Since since = reading.get(http);
            if (since == null || since.request() != http.getMessagesIn()) {
                since = new Since(http.getMessagesIn(), now);
            }
            if (now - since.nanos() > timeoutNanos) {
                log.debug("Closing the connection from {}: its request headers did not arrive within {} ms "
                        + "(server.header_timeout_millis)", endPoint.getRemoteSocketAddress(),
                        TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
                endPoint.close();
                onCutOff.run();
            } else {
                stillReading.put(http, since);
            }
        }
        reading = stillReading;
    }

    /** Between the first byte of a request and the end of its headers. */
    private static boolean readingHeaders(HttpParser parser) {
        return parser.inHeaderState() && !parser.isStart();
    }

    private static HttpConnection httpConnection(Connection connection) {
        if (connection instanceof SslConnection tls) {
            connection = tls.getSslEndPoint().getConnection();
        }
        return connection instanceof HttpConnection http ? http : null;
    }
}
