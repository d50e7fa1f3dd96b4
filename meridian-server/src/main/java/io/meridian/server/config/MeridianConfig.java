package io.meridian.server.config;

import io.meridian.elastic.pool.PoolSpec;
import io.meridian.engine.EngineSettings;
import io.meridian.engine.events.EventSettings;
import io.meridian.engine.leader.LeadershipSettings;
import io.meridian.engine.orchestrator.ExecutionLimits;
import io.meridian.engine.registry.WorkerLimits;
import io.meridian.model.codec.LocatedDocument;
import io.meridian.model.codec.ValidationError;
import io.meridian.worker.config.WorkerConfig;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optional {@code meridian.yaml}, read once, typed and checked ({@link ConfigReader}), and the settings each part
 * of Meridian takes from it. Every key, its type and its default: docs/configuration.md.
 *
 * @param file     the typed sections
 * @param source   the file read, or null when there was none
 * @param document where each key sits in the file (null when there was none), for errors found later
 */
public record MeridianConfig(ConfigFile file, Path source, LocatedDocument document) {

    public static final String DEFAULT_FILE = "meridian.yaml";

    /**
     * Reads the given file, or {@code ./meridian.yaml} if present, or an empty config.
     *
     * @throws ConfigException listing every problem with its file:line:column
     */
    public static MeridianConfig load(Path explicit) {
        Path path = explicit != null ? explicit : Path.of(DEFAULT_FILE);
        if (explicit == null && !Files.exists(path)) {
            return new MeridianConfig(ConfigFile.EMPTY, null, null);
        }
        String text;
        try {
            text = Files.readString(path);
        } catch (MalformedInputException e) {
            throw new IllegalArgumentException(path + ": the configuration is not valid UTF-8", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read configuration " + path + ": " + e.getMessage(), e);
        }
        MeridianConfig config = ConfigReader.read(text, path);
        config.settingsChecked(); // range rules the engine owns, reported now and at their place in the file
        return config;
    }

    /** Where the embedded commands keep their state: {@code sqlite} (default) or a database URL. */
    public String store() {
        return file.store() == null ? "sqlite" : file.store();
    }

    public EngineSettings engineSettings() {
        EngineSection e = file.engine();
        EngineSettings d = EngineSettings.DEFAULT;
        return new EngineSettings(seconds(e.leaseTtlSeconds(), d.leaseTtl()),
                e.heartbeatMs() == null ? d.heartbeat() : Duration.ofMillis(e.heartbeatMs()),
                seconds(e.agingIntervalSeconds(), d.agingInterval()),
                e.maxLostAttempts() == null ? d.maxLostAttempts() : e.maxLostAttempts(),
                seconds(e.deadlineGraceSeconds(), d.deadlineGrace()), new LinkedHashMap<>(e.rateLimits()),
                e.placement() == null ? d.placement() : e.placement(),
                duration("engine.retention", e.retention(), d.retention()),
                duration("engine.cleanup_interval", e.cleanupInterval(), d.cleanupInterval()),
                e.maxResultBytes() == null ? d.maxResultBytes() : e.maxResultBytes(), workerLimits(e.workers()),
                executionLimits(e, d.executionLimits()), eventSettings())
                .withPlacement(e.placement() == null ? d.placement() : e.placement());
    }

    /** {@code engine.stage_types}: stage types accepted in pipelines besides the built-ins and workers' types. */
    public java.util.Set<String> declaredStageTypes() {
        return java.util.Set.copyOf(file.engine().stageTypes());
    }

    /** The {@code events} section: whether events are recorded and how long they are kept. */
    public EventSettings eventSettings() {
        EventsSection e = file.events();
        EventSettings d = EventSettings.DEFAULT;
        return new EventSettings(e.enabled() == null ? d.enabled() : e.enabled(),
                duration("events.retention", e.retention(), d.retention()));
    }

    /** {@code server.leadership}: the leader's lease when several coordinators share one store. */
    public LeadershipSettings leadershipSettings() {
        ServerSection.Leadership l = file.server().leadership();
        LeadershipSettings d = LeadershipSettings.DEFAULT;
        return new LeadershipSettings(seconds(l.ttlSeconds(), d.ttl()), seconds(l.retrySeconds(), d.retry()),
                seconds(l.marginSeconds(), d.margin()), seconds(l.commitStallSeconds(), d.commitStall()));
    }

    /** The worker-side sections: data sources, the HTTP allow list and where secrets come from. */
    public WorkerConfig workerConfig() {
        Map<String, WorkerConfig.DataSourceConfig> sources = new LinkedHashMap<>();
        file.datasources().forEach((name, d) -> sources.put(name, new WorkerConfig.DataSourceConfig(d.url(),
                d.username(), d.password(), d.maxPoolSize() == null ? 4 : d.maxPoolSize())));
        String prefix = file.secrets().envPrefix();
        return new WorkerConfig(sources, List.copyOf(file.http().allow()), prefix == null ? "MERIDIAN_SECRET_" : prefix);
    }

    /** {@code pools}: the worker pools this coordinator starts and stops itself (docs/elastic.md). */
    public List<PoolSpec> pools() {
        List<PoolSpec> out = new java.util.ArrayList<>();
        for (int i = 0; i < file.pools().size(); i++) {
            out.add(file.pools().get(i).toSpec("pools[" + i + "]"));
        }
        return out;
    }

    /** A problem found after loading (an unset environment variable, say), placed at the key it concerns. */
    public ConfigException error(String pointer, String message) {
        ValidationError at = document == null
                ? new ValidationError(source == null ? DEFAULT_FILE : source.toString(), 0, 0, null, message)
                : document.error(pointer, message);
        return new ConfigException(List.of(at));
    }

    private void settingsChecked() {
        check("/engine", this::engineSettings);
        check("/server/leadership", this::leadershipSettings);
        check("/events", this::eventSettings);
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < file.pools().size(); i++) {
            PoolSection pool = file.pools().get(i);
            String where = "pools[" + i + "]";
            check("/pools/" + i, () -> pool.toSpec(where));
            if (pool.name() != null && !names.add(pool.name())) {
                throw error("/pools/" + i + "/name", where + ": pool name '" + pool.name() + "' is used twice");
            }
        }
    }

    private void check(String pointer, Runnable build) {
        try {
            build.run();
        } catch (IllegalArgumentException e) {
            throw error(pointer, e.getMessage());
        }
    }

    private static WorkerLimits workerLimits(EngineSection.Workers w) {
        WorkerLimits d = WorkerLimits.DEFAULT;
        return new WorkerLimits(w.maxRegistered() == null ? d.maxRegistered() : w.maxRegistered(),
                duration("engine.workers.offline_retention", w.offlineRetention(), d.offlineRetention()),
                w.maxOffline() == null ? d.maxOffline() : w.maxOffline(),
                w.edgeLeaseMultiplier() == null ? d.edgeLeaseMultiplier() : w.edgeLeaseMultiplier());
    }

    private static ExecutionLimits executionLimits(EngineSection e, ExecutionLimits d) {
        return new ExecutionLimits(
                e.maxFanOutItems() == null ? d.maxFanOutItems() : (int) Math.min(Integer.MAX_VALUE, e.maxFanOutItems()),
                e.maxJobPayloadBytes() == null ? d.maxJobPayloadBytes() : e.maxJobPayloadBytes(),
                e.maxStagePayloadBytes() == null ? d.maxStagePayloadBytes() : e.maxStagePayloadBytes(),
                e.maxInputBytes() == null ? d.maxInputBytes() : e.maxInputBytes());
    }

    private static Duration duration(String key, String text, Duration fallback) {
        return text == null ? fallback : DurationText.parse(key, text);
    }

    private static Duration seconds(Double value, Duration fallback) {
        return value == null ? fallback : Duration.ofMillis(Math.round(value * 1000));
    }
}
