package io.meridian.events;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends each event to a Redis stream ({@link RedisStreamEntry} lists its fields). A batch goes out in one flush
 * and is delivered when Redis answered every command; the next batch is prepared while Redis works on this one.
 *
 * <p>The events are appended by {@link RedisAppendScript} ({@code EVALSHA}, {@value RedisAppendScript#EVENTS_PER_CALL}
 * events a call): this JVM's CPU per event fell from ~34 to ~20 µs against one {@code XADD} command per event
 * ({@code bench-sinks}, docs/events.md "Benchmarks"). A Redis user that
 * may not run scripts ({@code NOPERM}, or {@code EVALSHA} renamed away) gets one plain {@code XADD} per event
 * instead, from then on; a script cache emptied by a Redis restart ({@code NOSCRIPT}) only means loading it again.
 */
final class RedisStreamSink implements EventSink {
    private static final Logger log = LoggerFactory.getLogger(RedisStreamSink.class);

    private final RedisClient client;
    private final String stream;
    private final byte[][] streamKey;
    private final Duration timeout;
    private StatefulRedisConnection<byte[], byte[]> connection;
    /** The loaded script's digest; null before it is loaded, or after Redis forgot it. */
    private String scriptDigest;
    /** Redis refused scripts to this sink's user: plain {@code XADD}s from then on. */
    private boolean scriptsRefused;

    /** Commands sent for a batch, in order, and how many of the batch's events each one appends. */
    private record Pending(RedisFuture<?> reply, int events, boolean scripted) {}

    RedisStreamSink(String url, String stream, Duration timeout) {
        this.client = RedisClient.create(url);
        this.stream = stream;
        this.streamKey = new byte[][] {RedisStreamEntry.bytes(stream)};
        this.timeout = timeout;
    }

    @Override
    public void deliver(List<SinkMessage> batch) throws Exception {
        send(batch).await();
    }

    /** Pipelines the batch's commands in one flush; their answers are awaited by the returned {@link Sent}. */
    @Override
    public Sent send(List<SinkMessage> batch) {
        StatefulRedisConnection<byte[], byte[]> c = connection();
        String digest = scriptDigest(c);
        RedisAsyncCommands<byte[], byte[]> redis = c.async();
        List<Pending> sent = new ArrayList<>();
        c.setAutoFlushCommands(false);
        try {
            if (digest != null) {
                for (int from = 0; from < batch.size(); from += RedisAppendScript.EVENTS_PER_CALL) {
                    List<SinkMessage> run = batch.subList(from, Math.min(batch.size(),
                            from + RedisAppendScript.EVENTS_PER_CALL));
                    sent.add(new Pending(redis.evalsha(digest, ScriptOutputType.MULTI, streamKey,
                            RedisAppendScript.arguments(run)), run.size(), true));
                }
            } else {
                for (SinkMessage m : batch) {
                    sent.add(new Pending(redis.xadd(streamKey[0], RedisStreamEntry.asMap(m)), 1, false));
                }
            }
            c.flushCommands();
        } finally {
            c.setAutoFlushCommands(true);
        }
        return () -> awaitAnswers(sent);
    }

    private void awaitAnswers(List<Pending> sent) throws Exception {
        if (!LettuceFutures.awaitAll(timeout, sent.stream().map(Pending::reply).toArray(RedisFuture[]::new))) {
            throw new TimeoutException("Redis did not answer the appends to stream " + stream + " within "
                    + timeout.toMillis() + " ms");
        }
        int delivered = 0;
        for (Pending p : sent) {
            Object reply;
            try {
                reply = p.reply().get();
            } catch (ExecutionException e) {
                if (p.scripted()) {
                    scriptFailed(e.getCause());
                }
                throw new PartlyDelivered(delivered, new IllegalStateException((p.scripted() ? "EVALSHA (append "
                        + "script)" : "XADD") + " to stream " + stream + " failed: " + e.getCause().getMessage(), e));
            }
            if (p.scripted()) {
                @SuppressWarnings("unchecked")
                RedisAppendScript.Outcome outcome = RedisAppendScript.Outcome.of((List<Object>) reply);
                delivered += outcome.added();
                if (outcome.error() != null || outcome.added() != p.events()) {
                    throw new PartlyDelivered(delivered, new IllegalStateException("XADD to stream " + stream
                            + " failed after " + outcome.added() + " of " + p.events() + " events of a script call: "
                            + outcome.error()));
                }
            } else {
                delivered++;
            }
        }
    }

    /** Adapts to why Redis refused a script call; the events it did not append are sent again by the caller. */
    private void scriptFailed(Throwable cause) {
        if (cause instanceof RedisNoScriptException || String.valueOf(cause.getMessage()).startsWith("NOSCRIPT")) {
            scriptDigest = null; // Redis restarted or its script cache was flushed: load it again
        } else if (refusesScripts(cause)) {
            scriptsRefused = true;
            log.warn("Redis refused the append script for stream {} ({}); appending with one XADD per event from now"
                    + " on", stream, cause.getMessage());
        }
    }

    private static boolean refusesScripts(Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        return cause instanceof RedisCommandExecutionException
                && (message.startsWith("NOPERM") || message.startsWith("ERR unknown command"));
    }

    /** The append script's digest, loading it first when needed; null when this sink appends with plain XADDs. */
    private String scriptDigest(StatefulRedisConnection<byte[], byte[]> c) {
        if (scriptDigest == null && !scriptsRefused) {
            try {
                scriptDigest = c.sync().scriptLoad(RedisAppendScript.SOURCE);
            } catch (RedisCommandExecutionException e) {
                if (!refusesScripts(e)) {
                    throw e;
                }
                scriptsRefused = true;
                log.info("Redis does not let this sink's user load scripts ({}); appending to stream {} with one XADD"
                        + " per event (about 1.7 times the CPU per event in this process)", e.getMessage(), stream);
            }
        }
        return scriptsRefused ? null : scriptDigest;
    }

    private StatefulRedisConnection<byte[], byte[]> connection() {
        if (connection == null || !connection.isOpen()) {
            connection = client.connect(ByteArrayCodec.INSTANCE);
            connection.setTimeout(timeout);
        }
        return connection;
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
        }
        client.shutdown();
    }
}
