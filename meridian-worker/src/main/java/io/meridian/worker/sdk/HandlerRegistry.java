package io.meridian.worker.sdk;

import io.meridian.model.pipeline.ConfigSchema;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Handlers by type name: those found on the classpath with {@link ServiceLoader}, plus any registered in code. */
public final class HandlerRegistry {
    private static final System.Logger log = System.getLogger(HandlerRegistry.class.getName());
    private final Map<String, TaskHandler> handlers = new ConcurrentHashMap<>();

    /**
     * A registry holding every handler on the class loader's classpath (built-ins included). A handler that
     * cannot be loaded is logged as a warning naming its class and jar, and left out; the others load.
     */
    public static HandlerRegistry fromClasspath(ClassLoader loader) {
        return fromClasspath(loader, problem -> log.log(System.Logger.Level.WARNING, problem));
    }

    /**
     * Like {@link #fromClasspath(ClassLoader)}, telling {@code problems} of each handler that could not be loaded
     * (its class and jar named): a class missing or failing its static initialisation, a broken services file.
     */
    public static HandlerRegistry fromClasspath(ClassLoader loader, Consumer<String> problems) {
        HandlerRegistry registry = new HandlerRegistry();
        ServiceLoading.each(loader, registry::register, problems);
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
