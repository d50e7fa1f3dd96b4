package io.meridian.model.codec;

/**
 * One problem in a pipeline definition.
 *
 * @param line     1-based, or 0 when unknown (pipelines built in code)
 * @param column   1-based, or 0 when unknown
 * @param stageId  the stage the problem belongs to, or null when it is not stage-specific
 */
public record ValidationError(String file, int line, int column, String stageId, String message) {

    /** Formats like a compiler: {@code pipeline.yaml:12:5: stage 'process': unknown dependency 'colect'}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(file == null ? "pipeline" : file);
        if (line > 0) {
            out.append(':').append(line).append(':').append(column);
        }
        out.append(": ");
        if (stageId != null) {
            out.append("stage '").append(stageId).append("': ");
        }
        return out.append(message).toString();
    }
}
