package io.meridian.protocol.api;

import java.util.List;

/** One page of executions, newest first; {@code nextCursor} (null on the last page) asks for the next one. */
public record ExecutionList(List<ExecutionView> items, String nextCursor) {}
