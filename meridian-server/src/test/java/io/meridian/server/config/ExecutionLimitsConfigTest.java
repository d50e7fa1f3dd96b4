package io.meridian.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.engine.orchestrator.ExecutionLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine section's fan-out, payload and input limits: read, defaulted, and refused when not usable. */
class ExecutionLimitsConfigTest {
    @TempDir
    Path dir;

    ExecutionLimits limits(String yaml) throws Exception {
        Path file = dir.resolve("meridian.yaml");
        Files.writeString(file, yaml);
        return MeridianConfig.load(file).engineSettings().executionLimits();
    }

    @Test
    void readsEachLimitAndDefaultsTheRest() throws Exception {
        assertThat(limits("engine: {}\n")).isEqualTo(ExecutionLimits.DEFAULT);
        ExecutionLimits l = limits("""
                engine:
                  max_fan_out_items: 20000
                  max_job_payload_bytes: 65536
                  max_stage_payload_bytes: 1048576
                  max_input_bytes: 1024
                """);
        assertThat(l).isEqualTo(new ExecutionLimits(20_000, 65_536, 1_048_576, 1024));
    }

    @Test
    void aLimitThatIsNotAPositiveWholeNumberIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> limits("engine: {max_fan_out_items: lots}\n"))
                .hasMessageEndingWith(":1:10: engine.max_fan_out_items: expected a whole number, got \"lots\"");
        assertThatThrownBy(() -> limits("engine: {max_job_payload_bytes: 1.5}\n"))
                .hasMessageEndingWith(":1:10: engine.max_job_payload_bytes: expected a whole number, got 1.5");
        assertThatThrownBy(() -> limits("engine: {max_stage_payload_bytes: 0}\n"))
                .hasMessageEndingWith(":1:10: engine.max_stage_payload_bytes must be a whole number of at least 1, got 0");
    }
}
