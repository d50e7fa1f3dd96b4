package io.meridian.server.http;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the routes every worker calls many times a second ({@code POST /v1/workers/{id}/exchange} and
 * {@code /heartbeat}) with Jetty alone, in front of Javalin's servlet context. A profile of the coordinator
 * under {@code bench-cluster} put about 11% of its samples in the servlet layer and Javalin around these
 * requests (request wrappers, session lookups, the context's attribute maps); this handler skips them and
 * answers with one write of the held body. Everything else a request goes through stays the same, through
 * {@link ApiHandler#run}: the bearer token and scope, the per-token rate limit, admission into the worker class
 * (and the long-poll slots), the body limit and deadline, the error JSON, the disconnect signal (the request's
 * connection is Jetty's in both cases), and the per-route metrics ({@link RequestCompletion} wraps this handler).
 * <p>A request it does not take goes on to Javalin unchanged: another path or method, a worker id with
 * characters that would need decoding, or a route the current table lacks (a follower sends workers to the
 * leader through Javalin's 307).
 */
final class HotRoutes extends Handler.Wrapper {
    /** The templates served here; each is {@code /v1/workers/{id}/<action>}, POST. */
    static final List<String> TEMPLATES = List.of("/v1/workers/{id}/exchange", "/v1/workers/{id}/heartbeat");
    private static final String PREFIX = "/v1/workers/";

    private final ApiHandler api;
    /** Action (the path's last segment) to route, for the hot routes in the current table. */
    private volatile Map<String, Route> byAction = Map.of();

    HotRoutes(ApiHandler api) {
        this.api = api;
    }

    /** Serves the hot routes among {@code table} from now on (none: every request goes on to Javalin). */
    void serve(List<Route> table) {
        Map<String, Route> next = new java.util.HashMap<>();
        for (Route r : table) {
            if (r.method().equals("POST") && TEMPLATES.contains(r.template())) {
                next.putIfAbsent(r.template().substring(r.template().lastIndexOf('/') + 1), r);
            }
        }
        byAction = Map.copyOf(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Match match = match(request.getMethod(), request.getHttpURI().getPath());
        if (match == null) {
            return super.handle(request, response, callback);
        }
        JettyCall call = new JettyCall(request, response, match.route().template(), Map.of("id", match.workerId()));
        Route route = match.route();
        byte[] body;
        try {
            body = api.run(route, call).takeBody();
        } catch (Exception e) {
            ApiError error = ApiHandler.errorFor(call, e);
            if (!error.closesConnection()) {
                api.discardUnread(request);
            }
            response.getHeaders().remove(HttpHeader.CONTENT_LENGTH);
            body = ApiHandler.errorAnswer(call, error);
        }
        if (body == null) {
            response.write(true, null, callback);
        } else {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
        }
        return true;
    }

    /** A request this handler serves: its route, and the worker id its path names. */
    record Match(Route route, String workerId) {}

    /** The hot route {@code method} and {@code path} (raw, undecoded) call in the current table, or null. */
    Match match(String method, String path) {
        Map<String, Route> routes = byAction;
        if (routes.isEmpty() || !"POST".equals(method) || path == null || !path.startsWith(PREFIX)) {
            return null;
        }
        int idEnd = path.indexOf('/', PREFIX.length());
        Route route = idEnd > PREFIX.length() ? routes.get(path.substring(idEnd + 1)) : null;
        if (route == null || !plainId(path, PREFIX.length(), idEnd)) {
            return null;
        }
        return new Match(route, path.substring(PREFIX.length(), idEnd));
    }

    /**
     * Whether the id segment {@code path[from, to)} is made only of the characters a worker id may have (letters,
     * digits, {@code . _ - : @}): then it reads the same decoded or not, as Javalin would give it. Anything else
     * is left to Javalin, whose decoding and validation answer it.
     */
    private static boolean plainId(String path, int from, int to) {
        if (path.charAt(from) == '.' && (to == from + 1 || to == from + 2 && path.charAt(from + 1) == '.')) {
            return false; // "." and ".." are path steps, not ids
        }
        for (int i = from; i < to; i++) {
            char c = path.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == '-' || c == ':' || c == '@';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
