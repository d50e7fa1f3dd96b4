package io.meridian.tracing;

import io.opentelemetry.sdk.trace.IdGenerator;
import java.util.function.Supplier;

/**
 * The SDK's id generator, made to return the ids {@link TraceIds} derived for the span being started on this
 * thread ({@link #next}); any other span (a handler's own, a library's) gets random ids.
 */
public final class DerivedIdGenerator implements IdGenerator {
    private static final IdGenerator RANDOM = IdGenerator.random();
    private final ThreadLocal<String[]> pending = ThreadLocal.withInitial(() -> new String[2]);

    /** Starts a span whose ids are {@code traceId} (used only for a root span) and {@code spanId}. */
    public <T> T next(String traceId, String spanId, Supplier<T> startSpan) {
        String[] ids = pending.get();
        ids[0] = traceId;
        ids[1] = spanId;
        try {
            return startSpan.get();
        } finally {
            ids[0] = null;
            ids[1] = null;
        }
    }

    @Override
    public String generateSpanId() {
        String[] ids = pending.get();
        String id = ids[1];
        ids[1] = null;
        return id != null ? id : RANDOM.generateSpanId();
    }

    @Override
    public String generateTraceId() {
        String[] ids = pending.get();
        String id = ids[0];
        ids[0] = null;
        return id != null ? id : RANDOM.generateTraceId();
    }
}
