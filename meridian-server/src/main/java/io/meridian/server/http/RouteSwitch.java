package io.meridian.server.http;

import io.javalin.config.JavalinState;
import io.javalin.router.Endpoint;
import io.javalin.router.InternalRouter;
import io.javalin.router.ParsedEndpoint;
import io.javalin.router.matcher.PathMatcher;
import java.util.List;

/**
 * Javalin's router with a route table that can be replaced while the server runs: a coordinator serves every
 * route while it leads and only local reads while it follows, and leadership moves without a restart. Each
 * switch builds a fresh matcher and publishes it at once, so a request sees the old table or the new one, never
 * half of each (Javalin's own matcher is filled once, before the server starts, and is not safe to change under
 * load). Matching, path parameters, 404 and 405 stay Javalin's.
 */
final class RouteSwitch extends InternalRouter {
    private final JavalinState state;
    private volatile PathMatcher current = new PathMatcher();

    RouteSwitch(JavalinState state) {
        super(state.wsRouter, state.eventManager, state.router, state.jetty);
        this.state = state;
    }

    @Override
    protected PathMatcher getHttpPathMatcher() {
        // null only while InternalRouter's own constructor runs, before this class's fields are set
        return current == null ? new PathMatcher() : current;
    }

    /** Serves {@code endpoints} from now on, in their order (the first that matches a request wins). */
    void replace(List<Endpoint> endpoints) {
        PathMatcher next = new PathMatcher();
        endpoints.forEach(e -> next.add(new ParsedEndpoint(e, state.router)));
        current = next;
    }

    @Override
    public InternalRouter addHttpEndpoint(Endpoint endpoint) {
        throw new UnsupportedOperationException("routes are set as a whole with replace(): " + endpoint.path);
    }
}
