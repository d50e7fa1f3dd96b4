package io.meridian.model.codec;

import io.meridian.model.pipeline.Pipeline;
import java.util.List;

/**
 * A pipeline decoded as far as the document allowed.
 *
 * @param stagePointers  JSON pointer of each decoded stage, by index in {@code pipeline.stages()}
 */
record Decoded(Pipeline pipeline, List<Problem> problems, List<String> stagePointers) {}
