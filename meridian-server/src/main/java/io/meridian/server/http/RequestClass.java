package io.meridian.server.http;

import io.meridian.server.auth.Scope;

/**
 * Who a request serves, for capacity: each class has its own concurrency limit, so a flood of one class (slow
 * clients, say) cannot take the slots that health checks or worker heartbeats need.
 */
public enum RequestClass {
    /** {@code /health/*} and {@code /metrics}: what load balancers and orchestrators poll. */
    HEALTH("health checks and metrics", "max_concurrent_health_requests"),
    /** The worker protocol: register, exchange, heartbeat, complete, deregister. */
    WORKER("worker calls", "max_concurrent_worker_requests"),
    /** Everything else: clients, admins, other regions. */
    CLIENT("client and admin calls", "max_concurrent_requests");

    private final String description;
    private final String settingKey;

    RequestClass(String description, String settingKey) {
        this.description = description;
        this.settingKey = settingKey;
    }

    String describe() {
        return description;
    }

    /** The key under {@code server} in meridian.yaml that sets this class's limit. */
    String settingKey() {
        return settingKey;
    }

    static RequestClass of(Route route) {
        if (route.template().startsWith("/health/") || route.template().equals("/metrics")) {
            return HEALTH;
        }
        return route.scope() == Scope.WORKER ? WORKER : CLIENT;
    }
}
