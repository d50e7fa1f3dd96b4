package io.meridian.events.triggers;

import io.meridian.model.json.Json;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the coordinator behind a trigger, with the same contract: one execution per message id, created
 * before {@link #start} returns, and "not JSON" is unmappable. It can fail after creating (as a process that
 * crashes before acknowledging would) or hold the consumer after creating until it is stopped.
 */
final class RecordingTarget implements TriggerTarget {
    final Map<String, String> executions = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final CountDownLatch created = new CountDownLatch(1);
    private final AtomicInteger failuresAfterCreating = new AtomicInteger();
    private volatile boolean holdAfterCreating;

    /** The next {@code n} calls create (or find) the execution and then fail before returning. */
    RecordingTarget failAfterCreating(int n) {
        failuresAfterCreating.set(n);
        return this;
    }

    /** The first call creates the execution and then blocks until its consumer is stopped. */
    RecordingTarget holdAfterCreating() {
        holdAfterCreating = true;
        return this;
    }

    int calls(String id) {
        AtomicInteger n = calls.get(id);
        return n == null ? 0 : n.get();
    }

    @Override
    public Started start(String messageId, byte[] body) throws UnmappableMessage {
        calls.computeIfAbsent(messageId, k -> new AtomicInteger()).incrementAndGet();
        try {
            Json.parse(body);
        } catch (RuntimeException e) {
            throw new UnmappableMessage("the message is not JSON: " + e.getMessage());
        }
        boolean duplicate = executions.containsKey(messageId);
        String id = executions.computeIfAbsent(messageId, k -> "x-" + k);
        created.countDown();
        if (holdAfterCreating) {
            holdAfterCreating = false;
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("stopped before acknowledging");
            }
        }
        if (failuresAfterCreating.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("failed after creating, before acknowledging");
        }
        return new Started(id, duplicate);
    }
}
