package io.meridian.engine.time;

import java.time.Instant;

/** Wall-clock time, truncated to milliseconds because that is what the stores keep. */
public final class SystemClock implements EngineClock {
    public static final SystemClock INSTANCE = new SystemClock();

    @Override
    public Instant now() {
        return Instant.ofEpochMilli(System.currentTimeMillis());
    }
}
