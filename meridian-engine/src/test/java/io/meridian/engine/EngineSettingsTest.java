package io.meridian.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.protocol.lease.ResultCheck;
import org.junit.jupiter.api.Test;

class EngineSettingsTest {

    @Test
    void theResultLimitDefaultsToTwoMebibytesAndIsToldToWorkers() {
        assertThat(EngineSettings.DEFAULT.maxResultBytes()).isEqualTo(ResultCheck.DEFAULT_MAX_RESULT_BYTES)
                .isEqualTo(2L * 1024 * 1024);
    }

    @Test
    void theResultLimitHasAFloorNamedInTheError() {
        assertThat(EngineSettings.DEFAULT.withMaxResultBytes(EngineSettings.MIN_MAX_RESULT_BYTES).maxResultBytes())
                .isEqualTo(1024);
        assertThatThrownBy(() -> EngineSettings.DEFAULT.withMaxResultBytes(EngineSettings.MIN_MAX_RESULT_BYTES - 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("engine.max_result_bytes must be at least 1024, got 1023");
    }
}
