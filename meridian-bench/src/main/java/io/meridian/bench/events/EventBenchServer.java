package io.meridian.bench.events;

import io.meridian.engine.Coordinator;
import io.meridian.engine.EngineSettings;
import io.meridian.engine.time.SystemClock;
import io.meridian.model.event.EventType;
import io.meridian.server.CoordinatorServer;
import io.meridian.server.ServerSettings;
import io.meridian.server.auth.Scope;
import io.meridian.server.auth.Tokens;
import io.meridian.store.event.EventRecord;
import io.meridian.store.memory.InMemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A coordinator and its HTTP server in this JVM, on the in-memory store (the store is not what these benchmarks
 * measure), with a client token; and a producer that commits events through the coordinator at a target rate.
 * Each event's data carries {@code emitted_nanos} (this JVM's nano time when it was handed to the committer), so a
 * reader in this JVM measures its lag from emission to its read, commit included.
 */
final class EventBenchServer implements AutoCloseable {
    final String token = UUID.randomUUID().toString();
    final Coordinator coordinator;
    final CoordinatorServer server;
    private volatile boolean producing;
    private final List<Thread> producers = new ArrayList<>();
    final AtomicLong produced = new AtomicLong();

    EventBenchServer() throws Exception {
        coordinator = Coordinator.start(new InMemoryStore(), EngineSettings.DEFAULT, SystemClock.INSTANCE,
                Duration.ofMillis(100));
        server = CoordinatorServer.start(new ServerSettings("127.0.0.1", 0, 16 << 20, 100_000_000, 4096, null, null),
                coordinator, new Tokens().addToken(token, "bench", EnumSet.of(Scope.CLIENT)), null);
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /**
     * Commits {@code perSecond} events a second from {@code threads} virtual threads (each commit waits for its
     * group commit, so many run at once), until {@link #stopProducing}.
     */
    void produce(int perSecond, int threads) {
        producing = true;
        long intervalNanos = 1_000_000_000L * threads / perSecond;
        for (int t = 0; t < threads; t++) {
            int id = t;
            producers.add(Thread.ofVirtual().name("bench-producer-" + t).start(() -> {
                long next = System.nanoTime() + (intervalNanos * id) / threads;
                while (producing) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    next += intervalNanos;
                    coordinator.announce(EventRecord.unnumbered(EventType.LOCK_ACQUIRED, Instant.now(), null,
                            "bench-lock", Map.of("resource", "bench", "owner", "p" + id, "emitted_nanos",
                                    System.nanoTime())));
                    produced.incrementAndGet();
                }
            }));
        }
    }

    void stopProducing() throws InterruptedException {
        producing = false;
        for (Thread t : producers) {
            t.join();
        }
        producers.clear();
    }

    /** Heap in use after a full collection, in bytes. */
    static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    /** The machine's 1-minute load average and core count: these figures are taken on a shared machine. */
    static String machine() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return String.format("%d cores, load average %.1f (a busy machine lowers every figure)",
                os.getAvailableProcessors(), os.getSystemLoadAverage());
    }

    @Override
    public void close() throws Exception {
        stopProducing();
        server.close();
        coordinator.close();
    }
}
