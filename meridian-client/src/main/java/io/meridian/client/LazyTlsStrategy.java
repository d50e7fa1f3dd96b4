package io.meridian.client;

import java.io.IOException;
import java.net.Socket;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The HTTP client's TLS, built on the first https connection instead of with the client.
 *
 * <p>WHY: the connection manager otherwise builds the system-default TLS strategy at once: the JDK's SSL context
 * (providers, trust store) and the client library's public-suffix list for host name checks. That was about a
 * tenth of a worker's start-up on a quiet machine, and most processes talk plain http:// to a coordinator on the
 * same network and never use it. Behaviour is the same as {@code useSystemProperties()} without this class: the
 * {@code javax.net.ssl.*} system properties choose the trust store.
 */
final class LazyTlsStrategy implements TlsSocketStrategy {
    private volatile TlsSocketStrategy delegate;

    @Override
    public SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context)
            throws IOException {
        return delegate().upgrade(socket, target, port, attachment, context);
    }

    private TlsSocketStrategy delegate() {
        TlsSocketStrategy d = delegate;
        if (d == null) {
            synchronized (this) {
                d = delegate;
                if (d == null) {
                    d = DefaultClientTlsStrategy.createSystemDefault();
                    delegate = d;
                }
            }
        }
        return d;
    }
}
