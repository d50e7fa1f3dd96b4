package io.meridian.server.federation;

import io.meridian.engine.federation.FederatedJobs;
import io.meridian.engine.federation.FederatedResult;
import io.meridian.engine.federation.FederationCoordinator;
import io.meridian.engine.federation.FederationFailure;
import io.meridian.worker.sdk.TaskContext;
import io.meridian.worker.sdk.TaskFailure;
import io.meridian.worker.sdk.TaskHandler;
import tools.jackson.databind.JsonNode;

/**
 * The handler of federated stage jobs, run only by the coordinator's federation runner: hands the stage to the
 * {@link FederationCoordinator} and returns its result and report as the stage's output.
 */
final class FederatedStageHandler implements TaskHandler {
    private final FederationCoordinator federation;

    FederatedStageHandler(FederationCoordinator federation) {
        this.federation = federation;
    }

    @Override
    public String type() {
        return FederatedJobs.TYPE;
    }

    @Override
    public JsonNode execute(TaskContext context) throws Exception {
        try {
            FederatedResult result = federation.execute(
                    FederatedJobs.request(context.payload(), context.dependencies())
                            .withTraceparent(context.traceparent().orElse(null)));
            return result.toJson();
        } catch (FederationFailure e) {
            throw new TaskFailure("federation_failed", e.getMessage(), !e.retryable());
        } catch (IllegalArgumentException e) {
            throw TaskFailure.badConfig(e.getMessage());
        }
    }
}
