package io.meridian.worker.runtime;

import java.util.Map;

/** Secrets and named resources (data sources, HTTP policy) that handlers may ask their context for. */
public interface TaskResources {

    /** The secret's value; throws IllegalArgumentException naming the secret (never a value) if unknown. */
    String secret(String name);

    /** The resource by name, or null. */
    Object resource(String name);

    TaskResources NONE = of(Map.of());

    static TaskResources of(Map<String, Object> resources) {
        return new TaskResources() {
            @Override
            public String secret(String name) {
                throw new IllegalArgumentException("unknown secret '" + name + "'");
            }

            @Override
            public Object resource(String name) {
                return resources.get(name);
            }
        };
    }
}
