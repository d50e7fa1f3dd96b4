package io.meridian.model.codec;

import static io.meridian.model.codec.Fixtures.messages;
import static io.meridian.model.codec.Fixtures.yamlStage;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import io.meridian.model.pipeline.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "11", "-1", "1.5", "high", "null", "'5'", "[5]", "99999999999"})
    void priorityMustBeAnIntegerFromOneToTen(String value) {
        assertThat(messages(yamlStage("priority: " + value), "p.yaml"))
                .singleElement().asString().startsWith("p.yaml:5:5: stage 's': priority must be an integer 1–10, got ");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 10})
    void validPrioritiesAreAccepted(int priority) {
        Pipeline p = PipelineReader.read(yamlStage("priority: " + priority), "p.yaml", Set.of("noop"));
        assertThat(p.stages().getFirst().priority()).isEqualTo(priority);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "604801", "1.5", "'30s'", "null"})
    void timeoutMustBePositiveIntegerUpToSevenDays(String value) {
        assertThat(messages(yamlStage("timeout_seconds: " + value), "p.yaml"))
                .singleElement().asString().contains("timeout_seconds must be an integer 1–604800 (7 days), got ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "max_retries: -1|max_retries must be an integer 0–100, got -1",
            "max_retries: 101|max_retries must be an integer 0–100, got 101",
            "initial_backoff_seconds: 0|initial_backoff_seconds must be a number of seconds > 0 and ≤ 86400 (1 day), got 0.0",
            "initial_backoff_seconds: '5s'|initial_backoff_seconds must be a number of seconds > 0 and ≤ 86400 (1 day), got string \"5s\"",
            "max_backoff_seconds: 86401|max_backoff_seconds must be a number of seconds > 0 and ≤ 86400 (1 day), got 86401.0",
            "max_backoff_seconds: 1|max_backoff_seconds must be ≥ initial_backoff_seconds",
            "multiplier: 0.5|multiplier must be a number 1–10, got 0.5",
            "multiplier: 11|multiplier must be a number 1–10, got 11.0",
            "jitter: 1.5|jitter must be a number 0–1, got 1.5",
            "jitter: -0.1|jitter must be a number 0–1, got -0.1"})
    void retryFieldsAreRangeChecked(String field, String message) {
        assertThat(messages(yamlStage("retry: {" + field + "}"), "p.yaml"))
                .singleElement().asString().endsWith("stage 's': " + message);
    }

    @Test
    void requirementsMustNotBeNegative() {
        assertThat(messages(yamlStage("requires: {min_cores: -1, min_memory_mb: -2, gpus: -3, capabilities: ['']}"), "p.yaml"))
                .extracting(m -> m.substring(m.indexOf("': ") + 3))
                .containsExactlyInAnyOrder("min_cores must be an integer ≥ 0, got -1", "min_memory_mb must be an integer ≥ 0, got -2",
                        "gpus must be an integer ≥ 0, got -3", "capabilities must not be blank");
    }
}
