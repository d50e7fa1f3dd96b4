package io.meridian.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.model.json.Json;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {
    @Test
    void readsDataSourcesAllowListAndSecretPrefix() {
        var c = WorkerConfig.from(Json.parse("""
                {"datasources": {"wh": {"url": "jdbc:postgresql://db/wh", "username": "u", "password": "p",
                                        "max_pool_size": 8},
                                 "small": {"url": "jdbc:sqlite:/tmp/x.db"}},
                 "http": {"allow": ["localhost", "10.0.0.0/8"]},
                 "secrets": {"env_prefix": "APP_"}}"""));
        assertThat(c.datasources()).containsOnlyKeys("wh", "small");
        assertThat(c.datasources().get("wh")).isEqualTo(new WorkerConfig.DataSourceConfig("jdbc:postgresql://db/wh", "u", "p", 8));
        assertThat(c.datasources().get("small")).isEqualTo(new WorkerConfig.DataSourceConfig("jdbc:sqlite:/tmp/x.db", null, null, 4));
        assertThat(c.httpAllow()).containsExactly("localhost", "10.0.0.0/8");
        assertThat(c.secretEnvPrefix()).isEqualTo("APP_");
    }

    @Test
    void anEmptyConfigHasDefaults() {
        var c = WorkerConfig.from(Json.object());
        assertThat(c.datasources()).isEmpty();
        assertThat(c.httpAllow()).isEmpty();
        assertThat(c.secretEnvPrefix()).isEqualTo("MERIDIAN_SECRET_");
    }

    @Test
    void aNonJdbcUrlIsRejectedWithItsKeyPath() {
        assertThatThrownBy(() -> WorkerConfig.from(Json.parse("{\"datasources\": {\"wh\": {\"url\": \"postgres://db/wh\"}}}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("datasources.wh.url").hasMessageContaining("postgres://db/wh");
        assertThatThrownBy(() -> WorkerConfig.from(Json.parse("{\"datasources\": {\"nourl\": {}}}")))
                .hasMessageContaining("datasources.nourl.url");
    }
}
