package io.meridian.cli.embedded;

import io.meridian.server.config.MeridianConfig;
import io.meridian.worker.config.StageResources;
import java.nio.file.Path;

/** The resources in-process handlers see: data sources, HTTP policy and secrets from the configuration. */
final class LocalResources {
    private LocalResources() {}

    static StageResources open(MeridianConfig config, Path dataDir) {
        return StageResources.open(config.workerConfig(), dataDir, System.getenv());
    }
}
