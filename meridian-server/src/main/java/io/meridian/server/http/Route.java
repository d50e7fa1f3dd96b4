package io.meridian.server.http;

import io.meridian.server.auth.Scope;

/**
 * One route: a method, a path template such as {@code /v1/workers/{id}/exchange} (Javalin's syntax: a
 * {@code {name}} segment is a path parameter), the scope a caller needs (null: open to anyone) and the handler.
 */
public record Route(String method, String template, Scope scope, Handler handler) {

    /** Handles one request. */
    @FunctionalInterface
    public interface Handler {
        void handle(Exchange exchange) throws Exception;
    }
}
