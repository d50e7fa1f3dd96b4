package io.meridian.server.config;

import io.meridian.engine.EngineSettings;
import io.meridian.engine.orchestrator.ExecutionLimits;
import io.meridian.model.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The optional {@code meridian.yaml}: an {@code engine} section (lease_ttl_seconds, aging_interval_seconds,
 * max_lost_attempts, rate_limits by stage type, retention and cleanup_interval as durations such as 7d or 10m,
 * max_result_bytes, workers: max_registered, offline_retention and max_offline; max_fan_out_items,
 * max_job_payload_bytes, max_stage_payload_bytes, max_input_bytes)
 * and the worker sections (datasources, http, secrets).
 */
public record MeridianConfig(JsonNode tree, Path source) {

    public static final String DEFAULT_FILE = "meridian.yaml";

    /** Reads the given file, or {@code ./meridian.yaml} if present, or an empty config. */
    public static MeridianConfig load(Path explicit) {
        Path file = explicit != null ? explicit : Path.of(DEFAULT_FILE);
        if (explicit == null && !Files.exists(file)) {
            return new MeridianConfig(Json.object(), null);
        }
        try {
            JsonNode tree = YAMLMapper.builder().build().readTree(Files.readString(file));
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                tree = Json.object();
            }
            if (!tree.isObject()) {
                throw new IllegalArgumentException(file + ": the configuration must be a mapping");
            }
            return new MeridianConfig(tree, file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read configuration " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid configuration " + file + ": " + e.getMessage(), e);
        }
    }

    public EngineSettings engineSettings() {
        JsonNode e = tree.path("engine");
        EngineSettings d = EngineSettings.DEFAULT;
        Map<String, Double> limits = new LinkedHashMap<>();
        e.path("rate_limits").properties().forEach(p -> limits.put(p.getKey(), p.getValue().asDouble()));
        return new EngineSettings(
                seconds(e, "lease_ttl_seconds", d.leaseTtl()),
                Duration.ofMillis(e.path("heartbeat_ms").asLong(d.heartbeat().toMillis())),
                seconds(e, "aging_interval_seconds", d.agingInterval()),
                e.path("max_lost_attempts").asInt(d.maxLostAttempts()),
                seconds(e, "deadline_grace_seconds", d.deadlineGrace()),
                limits, e.path("placement").asString(d.placement()), duration(e, "retention", d.retention()),
                duration(e, "cleanup_interval", d.cleanupInterval()),
                e.path("max_result_bytes").asLong(d.maxResultBytes()), workerLimits(e.path("workers")),
                limits(e, d.executionLimits()))
                .withPlacement(e.path("placement").asString(d.placement()));
    }

    /**
     * {@code engine.workers}: max_registered, offline_retention (a duration such as 1h) and max_offline (how many
     * offline workers are kept listed).
     */
    private static io.meridian.engine.registry.WorkerLimits workerLimits(JsonNode w) {
        var d = io.meridian.engine.registry.WorkerLimits.DEFAULT;
        return new io.meridian.engine.registry.WorkerLimits(w.path("max_registered").asInt(d.maxRegistered()),
                duration(w, "offline_retention", d.offlineRetention()), w.path("max_offline").asInt(d.maxOffline()));
    }

    /**
     * {@code server.leadership}: ttl_seconds, retry_seconds, margin_seconds (several coordinators on one store), and
     * commit_stall_seconds (a leader whose oldest write waits longer for its commit resigns).
     */
    public io.meridian.engine.leader.LeadershipSettings leadershipSettings() {
        JsonNode l = tree.path("server").path("leadership");
        var d = io.meridian.engine.leader.LeadershipSettings.DEFAULT;
        return new io.meridian.engine.leader.LeadershipSettings(seconds(l, "ttl_seconds", d.ttl()),
                seconds(l, "retry_seconds", d.retry()), seconds(l, "margin_seconds", d.margin()),
                seconds(l, "commit_stall_seconds", d.commitStall()));
    }

    /** The worker-side sections (datasources, http, secrets). */
    public ObjectNode workerSections() {
        ObjectNode out = Json.object();
        for (String key : new String[] {"datasources", "http", "secrets"}) {
            if (tree.has(key)) {
                out.set(key, tree.get(key));
            }
        }
        return out;
    }

    /** Input, fan-out and payload limits (see {@link ExecutionLimits}). */
    private static ExecutionLimits limits(JsonNode e, ExecutionLimits d) {
        return new ExecutionLimits(whole(e, "max_fan_out_items", d.maxFanOutItems()),
                whole(e, "max_job_payload_bytes", d.maxJobPayloadBytes()),
                whole(e, "max_stage_payload_bytes", d.maxStagePayloadBytes()),
                whole(e, "max_input_bytes", d.maxInputBytes()));
    }

    private static int whole(JsonNode section, String key, int fallback) {
        return (int) Math.min(Integer.MAX_VALUE, whole(section, key, (long) fallback));
    }

    private static long whole(JsonNode section, String key, long fallback) {
        JsonNode v = section.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToExactIntegral() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("engine." + key + " must be a whole number, got " + v);
        }
        return v.asLong();
    }

    private static Duration duration(JsonNode section, String key, Duration fallback) {
        return section.hasNonNull(key) ? DurationText.parse("engine." + key, section.get(key).asString()) : fallback;
    }

    private static Duration seconds(JsonNode section, String key, Duration fallback) {
        return section.has(key) ? Duration.ofMillis(Math.round(section.get(key).asDouble() * 1000)) : fallback;
    }
}
