package io.meridian.worker;

import io.meridian.client.CoordinatorAddresses;
import io.meridian.client.HttpLeaseProtocol;
import io.meridian.client.HttpTaskState;
import io.meridian.worker.runtime.TaskResources;
import io.meridian.worker.runtime.WorkerOptions;
import io.meridian.worker.runtime.WorkerRuntime;
import io.meridian.worker.sdk.HandlerRegistry;
import io.meridian.worker.sdk.StageTypes;
import io.meridian.worker.sdk.TaskHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Meridian worker inside your own application: it registers your handlers' stage types with a coordinator and
 * runs the jobs of those types that the coordinator gives it, exactly like {@code meridian worker --handlers}.
 *
 * <pre>{@code
 * try (MeridianWorker worker = MeridianWorker.builder()
 *         .coordinator("http://127.0.0.1:7070").token(token)
 *         .handler(new WordCount())
 *         .start()) {
 *     ... // the application runs; closing the worker drains it
 * }
 * }</pre>
 *
 * {@link #close()} stops taking jobs, lets running ones finish for the drain timeout, hands back the rest and
 * deregisters.
 */
public final class MeridianWorker implements AutoCloseable {
    private final WorkerRuntime runtime;
    private final Set<String> stageTypes;

    private MeridianWorker(WorkerRuntime runtime, Set<String> stageTypes) {
        this.runtime = runtime;
        this.stageTypes = stageTypes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The id the worker registered with. */
    public String id() {
        return runtime.workerId();
    }

    /** The stage types this worker registered (and so runs). */
    public Set<String> stageTypes() {
        return stageTypes;
    }

    /** Jobs running now. */
    public int activeJobs() {
        return runtime.activeJobs();
    }

    /** Jobs this worker finished successfully since it started. */
    public long succeeded() {
        return runtime.succeeded();
    }

    /** Jobs whose attempt failed on this worker since it started. */
    public long failed() {
        return runtime.failed();
    }

    /** How long since the coordinator last answered this worker (it answers at least once a {@link #heartbeat}). */
    public Duration sinceLastAnswer() {
        return runtime.sinceLastAnswer();
    }

    /** The heartbeat the coordinator asked for: a connected worker hears from it at least this often. */
    public Duration heartbeat() {
        return runtime.heartbeat();
    }

    /** True while the coordinator has answered within three heartbeats (the worker keeps retrying when not). */
    public boolean coordinatorAnswering() {
        return sinceLastAnswer().compareTo(heartbeat().multipliedBy(3)) <= 0;
    }

    /** Drains: finishes running jobs (up to the drain timeout), hands back the others, deregisters. */
    @Override
    public void close() {
        runtime.close();
    }

    /** Settings of an embedded worker; {@link #coordinator} and at least one handler are required. */
    public static final class Builder {
        private String coordinator;
        private String token;
        private String id;
        private int concurrency = 4;
        private final List<String> capabilities = new ArrayList<>();
        private Duration drainTimeout = Duration.ofSeconds(30);
        private final Map<String, TaskHandler> handlers = new LinkedHashMap<>();
        private final Map<String, Object> resources = new LinkedHashMap<>();
        private boolean builtins;

        private Builder() {}

        /** The coordinator's URL, or several comma-separated (a cluster): {@code http://h1:7070,http://h2:7070}. */
        public Builder coordinator(String urls) {
            this.coordinator = urls;
            return this;
        }

        /** The API token (null when the coordinator runs without authentication). */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** The worker id (letters, digits, '.', '_' and '-'); by default the host name and process id. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** Jobs run at once, each on its own virtual thread (default 4). */
        public Builder concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        /** Capabilities placement may ask for, beyond the handlers' stage types. */
        public Builder capability(String capability) {
            capabilities.add(capability);
            return this;
        }

        /** On close, how long running jobs may take to finish before they are handed back (default 30 s). */
        public Builder drainTimeout(Duration drainTimeout) {
            this.drainTimeout = drainTimeout;
            return this;
        }

        /** Adds a handler; a second handler of the same stage type is refused. */
        public Builder handler(TaskHandler handler) {
            TaskHandler before = handlers.putIfAbsent(handler.type(), handler);
            if (before != null) {
                throw new IllegalArgumentException("two handlers for stage type '" + handler.type() + "': "
                        + before.getClass().getName() + " and " + handler.getClass().getName());
            }
            return this;
        }

        /** Adds a handler for each {@code @StageType} method of {@code bean}. */
        public Builder handlers(Object bean) {
            StageTypes.of(bean).forEach(this::handler);
            return this;
        }

        /** A named resource handlers get with {@code context.resource(name, type)} (a DataSource, say). */
        public Builder resource(String name, Object resource) {
            resources.put(name, resource);
            return this;
        }

        /** Also runs the built-in stage types (http_request, json_transform...) found on the class path. */
        public Builder withBuiltins() {
            this.builtins = true;
            return this;
        }

        /** Registers with the coordinator (waiting up to a minute for one to answer) and starts taking jobs. */
        public MeridianWorker start() {
            if (coordinator == null || coordinator.isBlank()) {
                throw new IllegalStateException("MeridianWorker needs coordinator(url), e.g. http://127.0.0.1:7070");
            }
            HandlerRegistry registry = builtins
                    ? HandlerRegistry.fromClasspath(Thread.currentThread().getContextClassLoader())
                    : new HandlerRegistry();
            handlers.values().forEach(registry::register);
            if (registry.types().isEmpty()) {
                throw new IllegalStateException("MeridianWorker has no handler: add one with handler(...)");
            }
            String workerId = id != null ? id : defaultId();
            WorkerOptions machine = WorkerOptions.forThisMachine(workerId, concurrency, capabilities);
            WorkerOptions options = new WorkerOptions(workerId, concurrency, capabilities, machine.cores(),
                    machine.memoryMb(), 0, null, 0, Map.of(), drainTimeout);
            CoordinatorAddresses addresses = CoordinatorAddresses.parse(coordinator);
            WorkerRuntime runtime = new WorkerRuntime(new HttpLeaseProtocol(addresses, token, Duration.ofMinutes(5)),
                    new HttpTaskState(addresses, token, Duration.ofSeconds(30)), registry, options,
                    TaskResources.of(Map.copyOf(resources)));
            return new MeridianWorker(runtime.start(), registry.types());
        }

        private static String defaultId() {
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "worker";
            }
            return host.replaceAll("[^A-Za-z0-9._-]", "-") + "-" + ProcessHandle.current().pid();
        }
    }
}
