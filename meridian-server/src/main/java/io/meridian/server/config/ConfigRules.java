package io.meridian.server.config;

import io.meridian.engine.placement.PlacementStrategy;
import io.meridian.model.codec.LocatedDocument;
import io.meridian.model.codec.ValidationError;
import io.meridian.model.text.FieldRules;
import io.meridian.model.pipeline.FederationStrategy;
import io.meridian.server.auth.Scope;
import io.meridian.server.auth.Tokens;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The rules a bound {@link ConfigFile} must meet beyond its types, each problem at the key's line and column.
 * Ranges the engine checks itself (leadership ttl against retry, say) are reported by {@link MeridianConfig} when
 * it builds the engine's settings.
 */
final class ConfigRules {
    private final LocatedDocument doc;
    private final List<ValidationError> errors = new ArrayList<>();

    private ConfigRules(LocatedDocument doc) {
        this.doc = doc;
    }

    static List<ValidationError> check(ConfigFile f, LocatedDocument doc) {
        ConfigRules rules = new ConfigRules(doc);
        rules.engine(f.engine());
        rules.server(f.server());
        rules.events(f.events());
        rules.auth(f.auth());
        if (f.federation() != null) {
            rules.federation(f.federation());
        }
        f.datasources().forEach((name, d) -> {
            if (d == null || d.url() == null || !d.url().startsWith("jdbc:")) {
                rules.add("/datasources/" + name + (d == null ? "" : "/url"), "datasources." + name
                        + ".url must be a JDBC URL (jdbc:...), got '" + (d == null ? null : d.url()) + "'");
            } else {
                rules.atLeast("/datasources/" + name + "/max_pool_size", d.maxPoolSize(), 1);
            }
        });
        return rules.errors;
    }

    private void engine(EngineSection e) {
        positive("/engine/lease_ttl_seconds", e.leaseTtlSeconds());
        atLeast("/engine/heartbeat_ms", e.heartbeatMs(), 1);
        positive("/engine/aging_interval_seconds", e.agingIntervalSeconds());
        atLeast("/engine/max_lost_attempts", e.maxLostAttempts(), 1);
        notNegative("/engine/deadline_grace_seconds", e.deadlineGraceSeconds());
        e.rateLimits().forEach((type, perSecond) -> positive("/engine/rate_limits/" + type, perSecond));
        if (e.placement() != null) {
            try {
                PlacementStrategy.named(e.placement());
            } catch (IllegalArgumentException bad) {
                add("/engine/placement", "engine.placement: " + bad.getMessage());
            }
        }
        duration("/engine/retention", e.retention());
        duration("/engine/cleanup_interval", e.cleanupInterval());
        duration("/engine/workers/offline_retention", e.workers().offlineRetention());
        atLeast("/engine/workers/max_registered", e.workers().maxRegistered(), 1);
        atLeast("/engine/workers/max_offline", e.workers().maxOffline(), 0);
        atLeast("/engine/workers/edge_lease_multiplier", e.workers().edgeLeaseMultiplier(), 1);
        atLeast("/engine/max_fan_out_items", e.maxFanOutItems(), 1);
        atMost("/engine/max_fan_out_items", e.maxFanOutItems(), Integer.MAX_VALUE);
        atLeast("/engine/max_job_payload_bytes", e.maxJobPayloadBytes(), 1);
        atLeast("/engine/max_stage_payload_bytes", e.maxStagePayloadBytes(), 1);
        atLeast("/engine/max_input_bytes", e.maxInputBytes(), 1);
        for (int i = 0; i < e.stageTypes().size(); i++) {
            String type = e.stageTypes().get(i);
            if (type == null || !FieldRules.JOB_TYPE.accepts(type)) {
                add("/engine/stage_types/" + i, "engine.stage_types[" + i + "] must be 1-64 " + FieldRules.ID_CHARS
                        + ", got " + (type == null ? "null" : "'" + type + "'"));
            }
        }
    }

    private void events(EventsSection e) {
        duration("/events/retention", e.retention());
    }

    private void server(ServerSection s) {
        ServerSection.Leadership l = s.leadership();
        positive("/server/leadership/ttl_seconds", l.ttlSeconds());
        positive("/server/leadership/retry_seconds", l.retrySeconds());
        positive("/server/leadership/margin_seconds", l.marginSeconds());
        positive("/server/leadership/commit_stall_seconds", l.commitStallSeconds());
        atLeast("/server/max_body_bytes", s.maxBodyBytes(), 1);
        atLeast("/server/rate_limit_per_token", s.rateLimitPerToken(), 1);
        slots("max_concurrent_requests", s.maxConcurrentRequests());
        slots("max_concurrent_worker_requests", s.maxConcurrentWorkerRequests());
        slots("max_concurrent_health_requests", s.maxConcurrentHealthRequests());
        slots("max_long_polls", s.maxLongPolls());
        slots("max_connections", s.maxConnections());
        atLeast("/server/header_timeout_millis", s.headerTimeoutMillis(), 1);
        atLeast("/server/idle_timeout_millis", s.idleTimeoutMillis(), 1);
        atLeast("/server/body_read_timeout_millis", s.bodyReadTimeoutMillis(), 1);
        atLeast("/server/max_wait_millis", s.maxWaitMillis(), 1);
        atLeast("/server/disconnect_grace_millis", s.disconnectGraceMillis(), 1);
    }

    private void slots(String key, Long value) {
        atLeast("/server/" + key, value, 1);
        atMost("/server/" + key, value, Integer.MAX_VALUE);
    }

    private void auth(AuthSection a) {
        for (int i = 0; i < a.tokens().size(); i++) {
            Tokens.FileToken t = a.tokens().get(i);
            String at = "/auth/tokens/" + i;
            if (t.sha256() == null || t.sha256().length() != 64 || !isHex(t.sha256())) {
                add(at + (t.sha256() == null ? "" : "/sha256"), "auth.tokens '" + (t.name() == null ? "token"
                        : t.name()) + "': sha256 must be 64 hex characters");
            }
            for (int j = 0; j < t.scopes().size(); j++) {
                try {
                    Scope.parse(t.scopes().get(j));
                } catch (IllegalArgumentException bad) {
                    add(at + "/scopes/" + j, "auth.tokens: " + bad.getMessage());
                }
            }
        }
    }

    private void federation(FederationSection f) {
        if (f.regions().isEmpty()) {
            add("/federation", "federation.regions: list at least one region (the local cluster is one with "
                    + "endpoint: local)");
        }
        for (int i = 0; i < f.regions().size(); i++) {
            FederationSection.Region r = f.regions().get(i);
            if (r.name() == null || r.name().isBlank()) {
                add("/federation/regions/" + i, "federation.regions: every region needs a name");
            }
        }
        if (f.defaultStrategy() != null && FederationStrategy.fromWire(f.defaultStrategy()).isEmpty()) {
            add("/federation/default_strategy", "federation.default_strategy: unknown strategy '"
                    + f.defaultStrategy() + "'; expected one of " + String.join(", ", FederationStrategy.NAMES));
        }
        positive("/federation/health_interval_seconds", f.healthIntervalSeconds());
        atLeast("/federation/breaker/threshold", f.breaker().threshold(), 1);
        positive("/federation/breaker/cool_down_seconds", f.breaker().coolDownSeconds());
    }

    private void duration(String pointer, String text) {
        if (text != null) {
            try {
                DurationText.parse(key(pointer), text);
            } catch (IllegalArgumentException bad) {
                add(pointer, bad.getMessage());
            }
        }
    }

    private void positive(String pointer, Double value) {
        if (value != null && !(value > 0)) {
            add(pointer, key(pointer) + " must be greater than 0, got " + value);
        }
    }

    private void notNegative(String pointer, Double value) {
        if (value != null && !(value >= 0)) {
            add(pointer, key(pointer) + " must be 0 or more, got " + value);
        }
    }

    private void atLeast(String pointer, Number value, long min) {
        if (value != null && value.longValue() < min) {
            add(pointer, key(pointer) + " must be a whole number of at least " + min + ", got " + value);
        }
    }

    private void atMost(String pointer, Number value, long max) {
        if (value != null && value.longValue() > max) {
            add(pointer, key(pointer) + " must be at most " + max + ", got " + value);
        }
    }

    private void add(String pointer, String message) {
        errors.add(doc.error(pointer, message));
    }

    private static boolean isHex(String s) {
        try {
            HexFormat.of().parseHex(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A JSON pointer as the dotted key people write: {@code /engine/workers/max_offline} is engine.workers.max_offline. */
    static String key(String pointer) {
        StringBuilder out = new StringBuilder();
        for (String part : pointer.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            String name = part.replace("~1", "/").replace("~0", "~");
            if (name.chars().allMatch(Character::isDigit)) {
                out.append('[').append(name).append(']');
            } else {
                out.append(out.isEmpty() ? "" : ".").append(name);
            }
        }
        return out.toString();
    }
}
