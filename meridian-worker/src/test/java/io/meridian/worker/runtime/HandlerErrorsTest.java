package io.meridian.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.protocol.lease.FailureInfo;
import io.meridian.worker.sdk.NonRetryableFailure;
import io.meridian.worker.sdk.TaskFailure;
import org.junit.jupiter.api.Test;

class HandlerErrorsTest {

    private static Throwable deep(int depth) {
        if (depth == 0) {
            return new NoClassDefFoundError("acme/words/Gone");
        }
        return deep(depth - 1);
    }

    @Test
    void anErrorFromAHandlerKeepsItsClassMessageAndATruncatedTrace() {
        Throwable e = new ExceptionInInitializerError(new IllegalStateException("static init exploded"));
        e.setStackTrace(deep(30).getStackTrace());

        FailureInfo f = HandlerErrors.unexpected(e);

        assertThat(f.type()).isEqualTo("handler_error");
        assertThat(f.nonRetryable()).isFalse();
        assertThat(f.message()).startsWith("java.lang.ExceptionInInitializerError")
                .contains("\n\tat io.meridian.worker.runtime.HandlerErrorsTest.deep")
                .contains("more").contains("caused by java.lang.IllegalStateException: static init exploded");
        long frames = f.message().lines().filter(l -> l.startsWith("\tat ")).count();
        assertThat(frames).isLessThanOrEqualTo(2L * HandlerErrors.MAX_FRAMES);
    }

    @Test
    void aTaskFailureKeepsItsTypeAndAddsItsCausesTrace() {
        FailureInfo plain = HandlerErrors.described(new NonRetryableFailure("order 42 does not exist"));
        assertThat(plain).isEqualTo(new FailureInfo("non_retryable", "order 42 does not exist", true));

        FailureInfo withCause = HandlerErrors.described(new TaskFailure("upstream", "the API said no", false,
                new java.io.IOException("connection reset")));
        assertThat(withCause.message()).startsWith("the API said no\ncaused by java.io.IOException: connection reset")
                .contains("\tat ");
    }

    @Test
    void aCycleOfCausesEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(HandlerErrors.trace(a)).contains("caused by java.lang.RuntimeException: b");
    }
}
