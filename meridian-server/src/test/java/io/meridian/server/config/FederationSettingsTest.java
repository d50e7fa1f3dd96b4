package io.meridian.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.engine.federation.FederationConfig;
import io.meridian.engine.federation.RegionConfig;
import io.meridian.model.pipeline.FederationStrategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FederationSettingsTest {
    @TempDir
    Path dir;

    MeridianConfig config(String yaml) throws Exception {
        Path file = dir.resolve("meridian.yaml");
        Files.writeString(file, yaml);
        return MeridianConfig.load(file);
    }

    @Test
    void readsRegionsWithKeysFromTheEnvironmentAndFiles() throws Exception {
        Files.writeString(dir.resolve("ap.key"), "key-from-file\n");
        FederationConfig f = FederationSettings.read(config("""
                federation:
                  default_strategy: cost_optimized
                  breaker: {threshold: 5, cool_down_seconds: 2}
                  regions:
                    - {name: us-east-1, endpoint: local, latitude: 39.0, longitude: -77.5}
                    - {name: eu-west-1, endpoint: "https://eu:7070", api_key: "${EU_KEY}", priority: 2, weight: 2,
                       max_concurrent: 4, timeout_seconds: 60, tags: [gpu], cost_per_execution: 0.02, cost_per_token: 0.1}
                    - {name: ap-northeast-1, endpoint: "https://ap:7070", api_key_file: ap.key}
                """), Map.of("EU_KEY", "key-from-env")).orElseThrow();
        assertThat(f.defaultStrategy()).isEqualTo(FederationStrategy.COST_OPTIMIZED);
        assertThat(f.breakerThreshold()).isEqualTo(5);
        RegionConfig eu = f.region("eu-west-1").orElseThrow();
        assertThat(eu.apiKey()).isEqualTo("key-from-env");
        assertThat(eu.maxConcurrent()).isEqualTo(4);
        assertThat(eu.tags()).containsExactly("gpu");
        assertThat(eu.costPerToken()).isEqualTo(0.1);
        assertThat(f.region("ap-northeast-1").orElseThrow().apiKey()).isEqualTo("key-from-file");
        assertThat(f.region("us-east-1").orElseThrow().isLocal()).isTrue();
        assertThat(f.regions().toString()).doesNotContain("key-from-env", "key-from-file");
    }

    @Test
    void errorsNameTheRegionAndTheVariableNeverAKey() throws Exception {
        assertThatThrownBy(() -> FederationSettings.read(config("""
                federation:
                  regions: [{name: eu-west-1, endpoint: "http://eu", api_key: "${MISSING_KEY}"}]
                """), Map.of()))
                .hasMessageEndingWith("meridian.yaml:2:54: federation.regions[eu-west-1]: the key refers to environment "
                        + "variable MISSING_KEY, "
                        + "which is not set");
        assertThatThrownBy(() -> FederationSettings.read(config("""
                federation: {default_strategy: closest, regions: [{name: a, endpoint: local}]}
                """), Map.of())).hasMessageContaining("unknown strategy 'closest'");
        assertThat(FederationSettings.read(config("engine: {}\n"), Map.of())).isEmpty();
        assertThatThrownBy(() -> FederationSettings.read(config("""
                federation:
                  regions: [{name: eu-west-1, endpoint: "http://eu.example.com:7070", api_key: "${EU}"}]
                """), Map.of("EU", "plain-text-key")))
                .hasMessageEndingWith("meridian.yaml:2:31: federation.regions[eu-west-1]: refusing to send the region key "
                        + "over plain HTTP to "
                        + "http://eu.example.com:7070; use https");
    }
}
