package io.meridian.model.pipeline;

/**
 * The pipeline-level {@code federation} section.
 *
 * @param enabled         false runs every stage locally, ignoring the stages' federation sections
 * @param defaultStrategy the strategy of a stage whose federation section names none; null for the coordinator's
 */
public record PipelineFederation(boolean enabled, FederationStrategy defaultStrategy) {
    /** No pipeline-level section: stages that have a federation section are federated. */
    public static final PipelineFederation DEFAULT = new PipelineFederation(true, null);
}
