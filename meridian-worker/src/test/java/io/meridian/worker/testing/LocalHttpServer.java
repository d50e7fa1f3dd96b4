package io.meridian.worker.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real JDK HTTP server on 127.0.0.1, an ephemeral port; it records every request it receives. */
public final class LocalHttpServer implements AutoCloseable {
    /** One request as the server saw it. */
    public record Seen(String method, String path, String rawQuery, com.sun.net.httpserver.Headers headers, String body) {
        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final HttpServer server;
    public final List<Seen> requests = new CopyOnWriteArrayList<>();

    public LocalHttpServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Serves {@code path}; the handler sees the request already recorded (its body read). */
    public LocalHttpServer on(String path, Handler handler) {
        server.createContext(path, ex -> {
            try (ex) {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Seen seen = new Seen(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                        ex.getRequestURI().getRawQuery(), ex.getRequestHeaders(), body);
                requests.add(seen);
                handler.handle(ex, seen);
            }
        });
        return this;
    }

    public LocalHttpServer reply(String path, int status, String contentType, String body) {
        return on(path, (ex, seen) -> respond(ex, status, contentType, body));
    }

    public LocalHttpServer redirect(String path, int status, String location) {
        return on(path, (ex, seen) -> {
            ex.getResponseHeaders().add("Location", location);
            respond(ex, status, "text/plain", "");
        });
    }

    public static void respond(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            ex.getResponseHeaders().add("Content-Type", contentType);
        }
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        ex.getResponseBody().write(bytes);
    }

    public Seen last() {
        return requests.getLast();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Answers one request. */
    @FunctionalInterface
    public interface Handler {
        void handle(HttpExchange exchange, Seen request) throws IOException;
    }

}
