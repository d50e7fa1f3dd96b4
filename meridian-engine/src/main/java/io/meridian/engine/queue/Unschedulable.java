package io.meridian.engine.queue;

import io.meridian.model.pipeline.Requirements;

/**
 * Waiting jobs that no registered healthy worker can ever run, and why (what the closest worker lacks).
 * Jobs that merely wait for a free slot are not listed.
 */
public record Unschedulable(String type, Requirements requires, long jobs, String reason) {}
