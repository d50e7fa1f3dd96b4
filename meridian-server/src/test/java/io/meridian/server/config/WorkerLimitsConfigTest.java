package io.meridian.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.engine.registry.WorkerLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code engine.workers} in meridian.yaml: the registration cap, how offline workers stay listed, and how much longer
 * an edge worker may stay silent.
 */
class WorkerLimitsConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAndConfiguredValues() throws Exception {
        assertThat(MeridianConfig.load(Files.writeString(dir.resolve("empty.yaml"), "{}\n")).engineSettings()
                .workers()).isEqualTo(WorkerLimits.DEFAULT);
        Path file = Files.writeString(dir.resolve("m.yaml"), """
                engine:
                  workers:
                    max_registered: 50
                    offline_retention: 10m
                    max_offline: 7
                    edge_lease_multiplier: 4
                """);
        assertThat(MeridianConfig.load(file).engineSettings().workers())
                .isEqualTo(new WorkerLimits(50, Duration.ofMinutes(10), 7, 4));
    }

    @Test
    void nonsenseIsRefusedNamingTheKey() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "engine:\n  workers:\n    max_registered: 0\n");
        assertThatThrownBy(() -> MeridianConfig.load(file).engineSettings())
                .hasMessageContaining("engine.workers.max_registered");
        Path edge = Files.writeString(dir.resolve("edge.yaml"), "engine:\n  workers:\n    edge_lease_multiplier: 0\n");
        assertThatThrownBy(() -> MeridianConfig.load(edge).engineSettings())
                .hasMessageContaining("engine.workers.edge_lease_multiplier");
    }
}
