package io.meridian.protocol.api;

import java.util.List;
import java.util.Map;

/** The registered workers, with counts by status and by capability. */
public record WorkerList(List<WorkerView> workers, Map<String, Integer> byStatus, Map<String, Integer> byCapability) {}
