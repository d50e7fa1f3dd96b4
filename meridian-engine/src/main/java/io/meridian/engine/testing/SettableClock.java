package io.meridian.engine.testing;

import io.meridian.engine.time.EngineClock;
import java.time.Duration;
import java.time.Instant;

/** A clock tests move by hand. Public test support: handler authors may use it too. */
public final class SettableClock implements EngineClock {
    private volatile Instant now;

    public SettableClock(Instant start) {
        this.now = start;
    }

    public SettableClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Override
    public Instant now() {
        return now;
    }

    public void advance(Duration by) {
        now = now.plus(by);
    }
}
