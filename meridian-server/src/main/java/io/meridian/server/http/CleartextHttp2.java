package io.meridian.server.http;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;

/**
 * Cleartext HTTP/2 (h2c): by prior knowledge, or by upgrading an HTTP/1.1 connection. An upgrade request that
 * carries a streamed body (chunked, no Content-Length) is served as plain HTTP/1.1 instead: the body would have
 * to cross from one protocol into the other mid-request, and an early answer (413 before the body is read)
 * then ends in a reset stream that the client reports as a protocol error instead of the answer. The
 * connection's next requests may upgrade.
 */
final class CleartextHttp2 extends HTTP2CServerConnectionFactory {

    CleartextHttp2(HttpConfiguration config) {
        super(config);
        HttpEdge.allowManyStreams(this);
    }

    @Override
    public Connection upgradeConnection(Connector connector, EndPoint endPoint, MetaData.Request request,
                                        HttpFields.Mutable response101) {
        if (request.getHttpFields().contains(HttpHeader.TRANSFER_ENCODING)) {
            return null;
        }
        return super.upgradeConnection(connector, endPoint, request, response101);
    }
}
