package io.meridian.server.http;

import org.eclipse.jetty.server.Request;

/**
 * One request and its answer as {@link Exchange} needs them, whoever carries them: Javalin for most routes
 * ({@link JavalinCall}), or Jetty alone for the workers' hot routes ({@link JettyCall}, see {@link HotRoutes}).
 * The routes see neither.
 */
interface Call {
    /** A path parameter, percent-decoded once (a '+' stays a '+'). */
    String pathParam(String name);

    String queryParam(String name);

    String header(String name);

    void setHeader(String name, String value);

    /** A header of the answer as set so far, or null. */
    String responseHeader(String name);

    /** The request's path, for error messages and logs. */
    String path();

    /** Jetty's own request: only it can wait for body content with a deadline, and it knows the connection. */
    Request jettyRequest();

    void status(int code);

    void contentType(String type);

    String method();

    String routeTemplate();

    /** Whether the request came over HTTP/1.x (where {@code Connection: close} means something). */
    default boolean http1() {
        return jettyRequest().getConnectionMetaData().getHttpVersion().getVersion() < 20;
    }
}
