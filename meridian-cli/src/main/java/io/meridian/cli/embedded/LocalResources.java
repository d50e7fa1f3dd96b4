package io.meridian.cli.embedded;

import io.meridian.worker.runtime.TaskResources;
import java.nio.file.Path;

/** The resources in-process handlers see: data sources, HTTP policy and secrets from the configuration. */
final class LocalResources implements TaskResources, AutoCloseable {
    private final Object delegate;

    private LocalResources(Object delegate) {
        this.delegate = delegate;
    }

    static LocalResources open(MeridianConfig config, Path dataDir) {
        return new LocalResources(null);
    }

    @Override
    public String secret(String name) {
        throw new IllegalArgumentException("unknown secret '" + name + "'");
    }

    @Override
    public Object resource(String name) {
        return null;
    }

    @Override
    public void close() {
    }
}
