package io.meridian.worker.sdk;

import io.meridian.model.pipeline.ConfigSchema;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Handlers by type name: those found on the classpath with {@link ServiceLoader}, plus any registered in code. */
public final class HandlerRegistry {
    private final Map<String, TaskHandler> handlers = new ConcurrentHashMap<>();

    /** A registry holding every handler on the class loader's classpath (built-ins included). */
    public static HandlerRegistry fromClasspath(ClassLoader loader) {
        HandlerRegistry registry = new HandlerRegistry();
        for (TaskHandler handler : ServiceLoader.load(TaskHandler.class, loader)) {
            registry.register(handler);
        }
        return registry;
    }

    /** Adds or replaces the handler for its type. */
    public HandlerRegistry register(TaskHandler handler) {
        handlers.put(handler.type(), handler);
        return this;
    }

    public Optional<TaskHandler> find(String type) {
        return Optional.ofNullable(handlers.get(type));
    }

    /** The config schema each known type declares, by type name (sorted). */
    public Map<String, ConfigSchema> configSchemas() {
        Map<String, ConfigSchema> out = new TreeMap<>();
        handlers.forEach((type, handler) -> out.put(type, handler.configSchema()));
        return out;
    }

    /** Known type names, sorted. */
    public Set<String> types() {
        return new TreeMap<>(handlers).keySet();
    }
}
