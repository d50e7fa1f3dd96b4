package io.meridian.server.federation;

import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers an in-process worker with a coordinator node that may still be following: its lease service
 * refuses registrations until the node leads, so the start is tried again every 200 ms.
 */
public final class StartWhenLeading {
    private static final Logger log = LoggerFactory.getLogger(StartWhenLeading.class);
    private static final long RETRY_MILLIS = 200;

    private StartWhenLeading() {}

    /** Runs {@code start} until it succeeds (true) or {@code stopping} says to give up or we are interrupted (false). */
    public static boolean retry(String what, Runnable start, BooleanSupplier stopping) {
        while (!stopping.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            try {
                start.run();
                return true;
            } catch (RuntimeException notLeading) {
                log.debug("{} not registered yet ({}); retrying", what, notLeading.getMessage());
                try {
                    Thread.sleep(RETRY_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }
}
