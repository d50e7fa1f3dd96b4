package io.meridian.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.server.config.MeridianConfig;
import io.meridian.server.http.EdgeTimeouts;
import io.meridian.server.http.RequestCapacity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server section of meridian.yaml: defaults when absent, and a clear error naming a bad key. */
class ServerSettingsTest {
    @TempDir
    Path dir;

    ServerSettings read(String yaml) throws Exception {
        return ServerSettings.of("h", 1, MeridianConfig.load(Files.writeString(dir.resolve("m.yaml"), yaml))
                .file().server());
    }

    @Test
    void absentKeysTakeTheDocumentedDefaults() throws Exception {
        ServerSettings s = read("{}\n");
        assertThat(s.capacity()).isEqualTo(new RequestCapacity(256, 256, 16, 4096, 10_000));
        assertThat(s.timeouts()).isEqualTo(new EdgeTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(30), Duration.ofSeconds(30)));
        assertThat(s.maxBodyBytes()).isEqualTo(4L * 1024 * 1024);
    }

    @Test
    void everyKeyIsRead() throws Exception {
        ServerSettings s = read("""
                {"server": {"max_concurrent_requests": 1, "max_concurrent_worker_requests": 2,
                 "max_concurrent_health_requests": 3, "max_long_polls": 4, "max_connections": 5,
                 "header_timeout_millis": 6, "idle_timeout_millis": 7, "body_read_timeout_millis": 8,
                 "max_wait_millis": 9}}""");
        assertThat(s.capacity()).isEqualTo(new RequestCapacity(1, 2, 3, 4, 5));
        assertThat(s.timeouts()).isEqualTo(new EdgeTimeouts(Duration.ofMillis(6), Duration.ofMillis(7),
                Duration.ofMillis(8), Duration.ofMillis(9)));
    }

    @Test
    void aBadValueIsRefusedNamingItsKeyAndWhereItIs() {
        assertThatThrownBy(() -> read("server: {max_long_polls: 0}\n"))
                .hasMessageEndingWith("m.yaml:1:10: server.max_long_polls must be a whole number of at least 1, got 0");
        assertThatThrownBy(() -> read("server:\n  header_timeout_millis: soon\n"))
                .hasMessageEndingWith("m.yaml:2:3: server.header_timeout_millis: expected a whole number, got \"soon\"");
        assertThatThrownBy(() -> read("server: {max_connections: 1000000000000}\n"))
                .hasMessageContaining("server.max_connections must be at most 2147483647");
    }
}
