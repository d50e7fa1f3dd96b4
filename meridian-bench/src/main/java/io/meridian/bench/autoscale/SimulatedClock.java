package io.meridian.bench.autoscale;

import java.time.Instant;
import java.time.InstantSource;

/** Simulated time, moved by the simulation one step at a time. */
final class SimulatedClock implements InstantSource {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private Instant now = START;

    @Override
    public Instant instant() {
        return now;
    }

    void set(double seconds) {
        now = START.plusNanos(Math.round(seconds * 1e9));
    }
}
