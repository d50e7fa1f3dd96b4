package io.meridian.server.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends event streams whose client stopped reading. A blocking write to such a client never returns on its own (the
 * socket's buffers are full and stay full), so the stream's own checks, which run between writes, never run. One
 * daemon thread looks at every open stream a few times a second and aborts the response of one whose current write
 * has been blocked longer than its limit: the write then fails, the stream's thread ends, and its buffers are
 * released. A stream costs this nothing while it is not writing, and the thread ends when no stream is open (the
 * next stream starts it again).
 */
final class StalledWrites {
    private static final Logger log = LoggerFactory.getLogger(StalledWrites.class);
    /** How often the streams are looked at: a stalled stream is ended within its limit plus this. */
    static final Duration SCAN = Duration.ofMillis(100);

    private static final Set<EventStream> open = ConcurrentHashMap.newKeySet();
    private static Thread scanner;

    private StalledWrites() {
    }

    static synchronized void watch(EventStream stream) {
        open.add(stream);
        if (scanner == null) {
            scanner = Thread.ofPlatform().daemon().name("meridian-stalled-writes").start(StalledWrites::scan);
        }
    }

    static void forget(EventStream stream) {
        open.remove(stream);
    }

    /** Ends the scanner when no stream is open; under the same lock as {@link #watch}, so none is left unwatched. */
    private static synchronized boolean idle() {
        if (open.isEmpty()) {
            scanner = null;
            return true;
        }
        return false;
    }

    private static void scan() {
        while (!idle()) {
            try {
                Thread.sleep(SCAN);
                long now = System.nanoTime();
                for (EventStream s : open) {
                    if (s.abortIfStalled(now)) {
                        open.remove(s);
                        log.info("{}", s.abortReason());
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("checking event streams for stalled writes failed: {}", e.toString());
            }
        }
    }
}
