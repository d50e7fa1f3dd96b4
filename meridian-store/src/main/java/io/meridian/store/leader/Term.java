package io.meridian.store.leader;

/** One node's leadership: {@code epoch} grows by one with every change of leader and fences the leader's writes. */
public record Term(String nodeId, long epoch) {}
