package io.meridian.server.pools;

import static io.meridian.server.auth.Scope.CLIENT;

import io.meridian.elastic.policy.Decision;
import io.meridian.elastic.policy.PoolStatus;
import io.meridian.elastic.pool.PoolSpec;
import io.meridian.model.json.Json;
import io.meridian.server.http.ApiError;
import io.meridian.server.http.Exchange;
import io.meridian.server.http.Routes;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code GET /v1/pools}: each pool's size against what the autoscaler wants, and its recent decisions. */
public final class PoolRoutes {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    private final Supplier<Optional<PoolsRunner>> pools;

    public PoolRoutes(Supplier<Optional<PoolsRunner>> pools) {
        this.pools = pools;
    }

    public void addTo(Routes r) {
        r.get("/v1/pools", CLIENT, ex -> ex.json(200, view(ex)));
    }

    private ObjectNode view(Exchange ex) {
        int limit = limit(ex.query("limit"));
        String only = ex.query("pool");
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("pools");
        ArrayNode decisions = out.putArray("decisions");
        Optional<PoolsRunner> runner = pools.get();
        if (runner.isEmpty()) {
            return out;
        }
        for (PoolStatus s : runner.get().autoscaler().status()) {
            if (only == null || s.spec().name().equals(only)) {
                list.add(pool(s));
            }
        }
        if (only != null && list.isEmpty()) {
            throw ApiError.notFound("pool " + only);
        }
        runner.get().decisions().recent(only, limit).forEach(d -> decisions.add(decision(d)));
        return out;
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiError.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT + ", got '" + text + "'");
    }

    private static ObjectNode pool(PoolStatus s) {
        PoolSpec p = s.spec();
        ObjectNode o = Json.object();
        o.put("name", p.name());
        o.put("provider", p.provider().word());
        o.put("node_type", p.nodeType().word());
        o.put("instance_type", p.instanceType());
        o.put("region", p.region());
        o.set("capabilities", Json.toTree(p.capabilities()));
        o.put("min", p.min());
        o.put("max", p.max());
        o.put("cost_per_hour", p.costPerHour());
        o.put("spot", p.spot());
        o.put("budget_per_hour", p.budgetPerHour());
        o.put("scale_down_cooldown_seconds", p.scaleDownCooldown().toMillis() / 1000.0);
        o.put("current", s.current());
        o.put("registered", s.registered());
        o.put("stopping", s.stopping());
        o.put("desired", s.desired());
        o.put("failed_starts", s.failedStarts());
        o.put("breaker_open_until", s.breakerUntil() == null ? null : s.breakerUntil().toString());
        return o;
    }

    private static ObjectNode decision(Decision d) {
        ObjectNode o = Json.object();
        o.put("at", d.at().toString());
        o.put("pool", d.pool());
        o.put("action", d.action().word());
        o.put("current", d.current());
        o.put("desired", d.desired());
        o.put("changed", d.changed());
        o.put("reason", d.reason());
        o.set("inputs", Json.toTree(d.inputs()));
        return o;
    }
}
