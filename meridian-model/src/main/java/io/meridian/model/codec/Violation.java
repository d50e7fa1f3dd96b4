package io.meridian.model.codec;

/**
 * A semantic problem in a Pipeline, addressed by stage index and field so a reader can locate it in the file.
 *
 * @param stageIndex  index in {@code pipeline.stages()}, or -1 for pipeline-level problems
 * @param field       pointer below the stage (or the pipeline) without leading slash, e.g. "retry/jitter"; "" for all
 */
record Violation(int stageIndex, String stageId, String field, String message) {}
