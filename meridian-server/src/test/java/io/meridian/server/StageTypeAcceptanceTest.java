package io.meridian.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.client.ApiException;
import io.meridian.client.CoordinatorAddresses;
import io.meridian.client.MeridianClient;
import io.meridian.protocol.lease.WorkerRegistration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server accepts the stage types it knows and those its registered workers have; a pipeline it refuses comes
 * back to the Java client with every problem, located.
 */
class StageTypeAcceptanceTest {
    final TestServer t = new TestServer(Set.of("noop"));
    final MeridianClient client = new MeridianClient(
            CoordinatorAddresses.parse("http://127.0.0.1:" + t.server.port()), TestServer.CLIENT);

    StageTypeAcceptanceTest() throws Exception {}

    @AfterEach
    void close() {
        t.close();
    }

    static final String PIPELINE = """
            id: words
            stages:
              - id: count
                type: word_cout
              - id: other
                type: zzz
            """;

    @Test
    void everyProblemReachesTheClientWithItsPlaceAndASuggestion() {
        t.coordinator.leases().register(new WorkerRegistration("custom", "inc-1", "h", 1, List.of("cpu"), 2, 1024, 0,
                4, null, 0, Map.of(), "test", List.of("noop", "word_count")));

        assertThatThrownBy(() -> client.startExecution(PIPELINE, "words.yaml", null, null))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo("validation_failed");
                    assertThat(e.problems()).hasSize(2);
                    assertThat(e.problems().get(0).toString()).startsWith("words.yaml:4:5: stage 'count': ")
                            .contains("unknown stage type 'word_cout' (did you mean 'word_count'?)");
                    assertThat(e.problems().get(1).line()).isEqualTo(6);
                    assertThat(e.problems().get(1).stageId()).isEqualTo("other");
                });
    }

    @Test
    void aTypeIsAcceptedOnceAWorkerHasRegisteredIt() {
        String pipeline = "id: words\nstages:\n  - id: count\n    type: word_count\n";
        assertThatThrownBy(() -> client.startExecution(pipeline, "words.yaml", null, null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> assertThat(p.message()).contains("unknown stage type 'word_count'")));

        t.coordinator.leases().register(new WorkerRegistration("custom", "inc-1", "h", 1, List.of("cpu"), 2, 1024, 0,
                4, null, 0, Map.of(), "test", List.of("word_count")));

        assertThat(client.startExecution(pipeline, "words.yaml", null, null).executionId()).isNotBlank();
    }

    @Test
    void otherErrorsHaveNoProblems() {
        assertThatThrownBy(() -> client.execution("no-such-execution"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.problems()).isEmpty());
    }
}
