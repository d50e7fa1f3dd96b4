package io.meridian.worker.stages;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.worker.testing.TestingTaskContext;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NoopStageTest {
    final NoopStage noop = new NoopStage();

    @Test
    void answersOkAndEchoesTheConfiguredValue() throws Exception {
        var out = noop.execute(TestingTaskContext.withConfig("{\"echo\": {\"a\": [1, \"two\", null]}}"));
        assertThat(out.toString()).isEqualTo("{\"ok\":true,\"echo\":{\"a\":[1,\"two\",null]}}");
    }

    @Test
    void withoutEchoOrTimestampItIsJustOk() throws Exception {
        assertThat(noop.execute(TestingTaskContext.withConfig("{}")).toString()).isEqualTo("{\"ok\":true}");
    }

    @Test
    void timestampAddsTheStartInstant() throws Exception {
        Instant before = Instant.now();
        var out = noop.execute(TestingTaskContext.withConfig("{\"timestamp\": true}"));
        assertThat(Instant.parse(out.path("started_at").asString())).isBetween(before, Instant.now());
    }
}
