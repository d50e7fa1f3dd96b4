package io.meridian.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.worker.sdk.NonRetryableFailure;
import io.meridian.worker.sdk.TaskContext;
import io.meridian.worker.sdk.TaskFailure;
import io.meridian.worker.sdk.TaskHandler;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class HandlerTesterTest {
    record Text(String text) {}

    record Count(int words) {}

    static final TaskHandler WORD_COUNT = TaskHandler.typed("word_count", Text.class,
            (in, ctx) -> new Count(in.text().strip().split("\\s+").length));

    /** Fails its first two attempts, as a flaky downstream would, then counts. */
    static final TaskHandler SLOW_FAIL = new TaskHandler() {
        @Override
        public String type() {
            return "slow_fail";
        }

        @Override
        public JsonNode execute(TaskContext context) throws TaskFailure {
            context.progress("attempt " + context.attempt());
            if (context.attempt() < 3) {
                throw TaskFailure.retryable("downstream busy (attempt " + context.attempt() + ")");
            }
            return JsonNodeFactory.instance.objectNode().put("ok", context.attempt());
        }
    };

    @Test
    void runsAHandlerWithItsConfig() {
        HandlerRun run = HandlerTester.of(WORD_COUNT).config("{\"text\": \"a b c\"}").run();
        assertThat(run.output().toString()).isEqualTo("{\"words\":3}");
        assertThat(run.attempts()).hasSize(1);
    }

    @Test
    void retriesWhatTheWorkerWouldRetryAndKeepsEveryAttempt() {
        HandlerRun run = HandlerTester.of(SLOW_FAIL).maxAttempts(5).run();
        assertThat(run.succeeded()).isTrue();
        assertThat(run.output().get("ok").asInt()).isEqualTo(3);
        assertThat(run.failures()).extracting(a -> a.failure().getMessage())
                .containsExactly("downstream busy (attempt 1)", "downstream busy (attempt 2)");
        assertThat(run.attempts()).extracting(Attempt::progress)
                .containsExactly(java.util.List.of("attempt 1"), java.util.List.of("attempt 2"),
                        java.util.List.of("attempt 3"));
    }

    @Test
    void stopsAtTheLastAllowedAttemptAndSaysWhyOutputFails() {
        HandlerRun run = HandlerTester.of(SLOW_FAIL).maxAttempts(2).run();
        assertThat(run.succeeded()).isFalse();
        assertThat(run.attempts()).hasSize(2);
        assertThatThrownBy(run::output).isInstanceOf(AssertionError.class)
                .hasMessageContaining("attempt 2 (handler_error)");
    }

    @Test
    void aNonRetryableFailureOrABadConfigEndsTheRunAtOnce() {
        TaskHandler refusing = TaskHandler.typed("refusing", Text.class, (in, ctx) -> {
            throw new NonRetryableFailure("no");
        });
        assertThat(HandlerTester.of(refusing).config("{\"text\": \"x\"}").maxAttempts(5).run().attempts())
                .singleElement().satisfies(a -> assertThat(a.failureType()).isEqualTo("non_retryable"));
        assertThat(HandlerTester.of(WORD_COUNT).config("{\"text\": \"x\", \"txt\": \"x\"}").maxAttempts(5).run().last())
                .satisfies(a -> {
                    assertThat(a.number()).isEqualTo(1);
                    assertThat(a.failureType()).isEqualTo("bad_input");
                    assertThat(a.failure()).hasMessageStartingWith("config.txt");
                });
    }

    @Test
    void anErrorFailsTheAttemptLikeAnyThrowable() {
        TaskHandler broken = TaskHandler.typed("broken", Text.class, (in, ctx) -> {
            throw new NoClassDefFoundError("acme/Missing");
        });
        Attempt a = HandlerTester.of(broken).config("{\"text\": \"x\"}").run().last();
        assertThat(a.failure()).isInstanceOf(NoClassDefFoundError.class);
        assertThat(a.failureType()).isEqualTo("handler_error");
    }

    @Test
    void theManualClockDecidesWhenTheDeadlinePasses() {
        HandlerTester[] tester = new HandlerTester[1];
        TaskHandler patient = TaskHandler.typed("patient", Text.class, (in, ctx) -> {
            boolean before = ctx.isCancelled();
            tester[0].advance(Duration.ofMinutes(2));
            return new boolean[] {before, ctx.isCancelled()};
        });
        tester[0] = HandlerTester.of(patient).config("{\"text\": \"x\"}").timeout(Duration.ofMinutes(1));
        assertThat(tester[0].run().output().toString()).isEqualTo("[false,true]");
    }
}
