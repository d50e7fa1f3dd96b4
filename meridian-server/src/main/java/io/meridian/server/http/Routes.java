package io.meridian.server.http;

import io.meridian.server.auth.Scope;
import java.util.ArrayList;
import java.util.List;

/** Collects the routes of one resource; each resource class adds its own. */
public final class Routes {
    private final List<Route> all = new ArrayList<>();

    public Routes get(String template, Scope scope, Route.Handler h) {
        return add("GET", template, scope, h);
    }

    public Routes post(String template, Scope scope, Route.Handler h) {
        return add("POST", template, scope, h);
    }

    public Routes delete(String template, Scope scope, Route.Handler h) {
        return add("DELETE", template, scope, h);
    }

    private Routes add(String method, String template, Scope scope, Route.Handler h) {
        return add(new Route(method, template, scope, h));
    }

    /** Adds a route of any method. */
    public Routes add(Route route) {
        all.add(route);
        return this;
    }

    public List<Route> all() {
        return List.copyOf(all);
    }
}
