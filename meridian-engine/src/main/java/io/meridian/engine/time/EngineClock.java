package io.meridian.engine.time;

import java.time.Instant;

/** The engine's only source of time, injected so every scheduling rule is testable with a settable clock. */
public interface EngineClock {
    Instant now();
}
