package io.meridian.store.postgres;

import io.meridian.store.lock.LockInfo;
import io.meridian.store.lock.LockStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * One contender for the lock on {@value #RESOURCE}: takes it, does a deliberately non-atomic read-pause-write of a
 * counter file (an overlap of two holders loses an increment), and records the interval it held the lock.
 * Intervals use {@link System#nanoTime()}, which on Linux is the system-wide monotonic clock, so intervals from
 * different processes on one machine compare.
 */
final class LockHammer {

    static final String RESOURCE = "hot";
    /** Long enough that no holder loses the lock to expiry, even in a GC pause on a busy machine. */
    static final Duration TTL = Duration.ofSeconds(60);

    /** The lock was held at least from {@code acquired} to {@code releasing} (recorded inside the real hold). */
    record Interval(long token, long acquired, long releasing, String who) {

        String line() {
            return token + " " + acquired + " " + releasing + " " + who;
        }

        static Interval parse(String line) {
            String[] f = line.split(" ");
            return new Interval(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), f[3]);
        }
    }

    private LockHammer() {}

    static List<Interval> hammer(LockStore locks, String who, int rounds, Path counter) {
        List<Interval> held = new ArrayList<>(rounds);
        for (int i = 0; i < rounds; i++) {
            LockInfo lock = acquire(locks, who);
            long acquired = System.nanoTime();
            increment(counter);
            long releasing = System.nanoTime();
            held.add(new Interval(lock.fencingToken(), acquired, releasing, who));
            if (!locks.release(RESOURCE, lock.lockId())) {
                throw new IllegalStateException(who + " lost lock " + lock + " before releasing it");
            }
        }
        return held;
    }

    private static LockInfo acquire(LockStore locks, String who) {
        while (true) {
            Optional<LockInfo> lock = locks.acquire(RESOURCE, who, TTL);
            if (lock.isPresent()) {
                return lock.get();
            }
            // back off a little so that twelve contenders do not just poll the database flat out
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(100_000, 600_000));
        }
    }

    private static void increment(Path counter) {
        try {
            long value = Long.parseLong(Files.readString(counter).strip());
            Thread.yield(); // widen the window in which an overlapping holder would read the same value
            Files.writeString(counter, Long.toString(value + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
