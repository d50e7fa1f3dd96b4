package io.meridian.it;

import io.meridian.model.json.Json;
import io.meridian.worker.sdk.Lock;
import io.meridian.worker.sdk.TaskContext;
import io.meridian.worker.sdk.TaskFailure;
import io.meridian.worker.sdk.TaskHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;

/**
 * A test stage type that increments a counter file with a plain read-pause-write, holding the lock named in its
 * config ({@code resource}) through {@code ctx.locks()}: any two holders at once would lose an increment. Each
 * hold appends its fencing token to {@code counter}.tokens, and each job links checkpoint {@code item-<item>}.
 * Config: {@code counter} (file path), {@code resource}.
 */
public final class LockedCounterHandler implements TaskHandler {
    private static final long MAX_PAUSE_MS = 32;

    @Override
    public String type() {
        return "locked_counter";
    }

    @Override
    public JsonNode execute(TaskContext ctx) throws Exception {
        Path counter = Path.of(ctx.config().path("counter").asString());
        String resource = ctx.config().path("resource").asString();
        Lock lock = acquire(ctx, resource);
        try {
            int value = Files.exists(counter) ? Integer.parseInt(Files.readString(counter).strip()) : 0;
            Thread.sleep(2);
            Files.writeString(counter, Integer.toString(value + 1));
            Files.writeString(counter.resolveSibling(counter.getFileName() + ".tokens"), lock.fencingToken() + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } finally {
            ctx.locks().release(lock);
        }
        ctx.checkpoint("item-" + ctx.item().asString(), Json.object().put("fencing_token", lock.fencingToken()));
        return Json.object().put("fencing_token", lock.fencingToken());
    }

    /**
     * Waits for the lock (the SDK's withLock does not wait: it fails the attempt for a later retry), asking again
     * after a random pause that doubles up to {@link #MAX_PAUSE_MS}. At a fixed 1 ms the 16 waiters' refused
     * acquisitions queued in the coordinator's committer ahead of the holder's release, so each hand-over waited
     * behind a crowd and 30 items took two minutes on a busy machine; the waiters still overlap all the time.
     */
    private static Lock acquire(TaskContext ctx, String resource) throws Exception {
        Instant giveUp = Instant.now().plusSeconds(30);
        long pauseMs = 1;
        while (Instant.now().isBefore(giveUp)) {
            Optional<Lock> lock = ctx.locks().acquire(resource, Duration.ofSeconds(10));
            if (lock.isPresent()) {
                return lock.get();
            }
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, pauseMs + 1));
            pauseMs = Math.min(pauseMs * 2, MAX_PAUSE_MS);
        }
        throw TaskFailure.retryable("lock '" + resource + "' stayed busy for 30 s");
    }
}
