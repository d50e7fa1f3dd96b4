package io.meridian.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.model.json.Json;
import io.meridian.server.http.EdgeTimeouts;
import io.meridian.server.http.RequestCapacity;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The server section of meridian.yaml: defaults when absent, and a clear error naming a bad key. */
class ServerSettingsTest {

    @Test
    void absentKeysTakeTheDocumentedDefaults() {
        ServerSettings s = ServerSettings.of("h", 1, Json.object());
        assertThat(s.capacity()).isEqualTo(new RequestCapacity(256, 256, 16, 4096, 10_000));
        assertThat(s.timeouts()).isEqualTo(new EdgeTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(30), Duration.ofSeconds(30)));
        assertThat(s.maxBodyBytes()).isEqualTo(4L * 1024 * 1024);
    }

    @Test
    void everyKeyIsRead() {
        var config = Json.parse("""
                {"server": {"max_concurrent_requests": 1, "max_concurrent_worker_requests": 2,
                 "max_concurrent_health_requests": 3, "max_long_polls": 4, "max_connections": 5,
                 "header_timeout_millis": 6, "idle_timeout_millis": 7, "body_read_timeout_millis": 8,
                 "max_wait_millis": 9}}""");
        ServerSettings s = ServerSettings.of("h", 1, config);
        assertThat(s.capacity()).isEqualTo(new RequestCapacity(1, 2, 3, 4, 5));
        assertThat(s.timeouts()).isEqualTo(new EdgeTimeouts(Duration.ofMillis(6), Duration.ofMillis(7),
                Duration.ofMillis(8), Duration.ofMillis(9)));
    }

    @Test
    void aBadValueIsRefusedNamingItsKey() {
        assertThatThrownBy(() -> ServerSettings.of("h", 1, Json.parse("{\"server\": {\"max_long_polls\": 0}}")))
                .hasMessage("server.max_long_polls must be a whole number of at least 1, got '0'");
        assertThatThrownBy(() -> ServerSettings.of("h", 1, Json.parse(
                "{\"server\": {\"header_timeout_millis\": \"soon\"}}")))
                .hasMessage("server.header_timeout_millis must be a whole number of at least 1, got 'soon'");
        assertThatThrownBy(() -> ServerSettings.of("h", 1, Json.parse(
                "{\"server\": {\"max_connections\": 1e12}}")))
                .hasMessageContaining("server.max_connections must be a whole number");
    }
}
