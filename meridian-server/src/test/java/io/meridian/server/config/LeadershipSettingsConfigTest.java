package io.meridian.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.engine.leader.LeadershipSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code server.leadership}, including how long a leader's commit may stall before it resigns. */
class LeadershipSettingsConfigTest {
    @TempDir
    Path dir;

    LeadershipSettings read(String yaml) throws Exception {
        Path file = dir.resolve("meridian.yaml");
        Files.writeString(file, yaml);
        return MeridianConfig.load(file).leadershipSettings();
    }

    @Test
    void theCommitStallLimitDefaultsToThirtySecondsAndCanBeSet() throws Exception {
        assertThat(read("store: sqlite\n").commitStall()).isEqualTo(Duration.ofSeconds(30));
        assertThat(read("""
                server:
                  leadership: {ttl_seconds: 5, commit_stall_seconds: 2.5}
                """).commitStall()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void aCommitStallLimitThatIsNotPositiveIsRefusedByName() {
        assertThatThrownBy(() -> read("""
                server:
                  leadership: {commit_stall_seconds: 0}
                """)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("server.leadership.commit_stall_seconds must be greater than 0");
    }
}
