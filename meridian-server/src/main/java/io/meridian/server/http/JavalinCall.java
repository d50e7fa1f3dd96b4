package io.meridian.server.http;

import io.javalin.http.Context;
import java.io.IOException;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Request;

/** A request that Javalin matched: its context, and the Jetty request under the servlet layer. */
record JavalinCall(Context ctx, ServletContextRequest request) implements Call {

    static JavalinCall of(Context ctx) {
        return new JavalinCall(ctx, ServletContextRequest.getServletContextRequest(ctx.req()));
    }

    @Override
    public String pathParam(String name) {
        return ctx.pathParam(name);
    }

    @Override
    public String queryParam(String name) {
        return ctx.queryParam(name);
    }

    @Override
    public String header(String name) {
        return ctx.header(name);
    }

    @Override
    public void setHeader(String name, String value) {
        ctx.header(name, value);
    }

    @Override
    public String responseHeader(String name) {
        return ctx.res().getHeader(name);
    }

    @Override
    public String path() {
        return ctx.path();
    }

    @Override
    public Request jettyRequest() {
        return request;
    }

    @Override
    public void status(int code) {
        ctx.status(code);
    }

    @Override
    public void contentType(String type) {
        ctx.contentType(type);
    }

    @Override
    public String method() {
        return ctx.method().name();
    }

    @Override
    public String routeTemplate() {
        return ctx.endpoint().path;
    }

    /**
     * Writes {@code body} straight to the servlet stream with its length: Javalin's own result path would copy it
     * through a fresh 32 KB buffer and its compression wrapper on every request.
     */
    void write(byte[] body) throws IOException {
        ctx.res().setContentLength(body.length);
        ctx.res().getOutputStream().write(body);
    }
}
