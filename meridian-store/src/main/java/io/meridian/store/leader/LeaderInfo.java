package io.meridian.store.leader;

import java.time.Instant;

/** Who leads now (as the store's clock judges), and where followers forward writes. */
public record LeaderInfo(String nodeId, String address, long epoch, Instant expiresAt) {}
