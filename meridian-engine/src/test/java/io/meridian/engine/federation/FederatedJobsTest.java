package io.meridian.engine.federation;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.engine.Coordinator;
import io.meridian.engine.EngineSettings;
import io.meridian.engine.testing.SettableClock;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.AggregationStrategy;
import io.meridian.model.pipeline.FederatedStageConfig;
import io.meridian.model.pipeline.FederationStrategy;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.model.pipeline.PipelineBuilder;
import io.meridian.model.pipeline.PipelineFederation;
import io.meridian.protocol.lease.ExchangeRequest;
import io.meridian.protocol.lease.JobReport;
import io.meridian.protocol.lease.LeaseGrant;
import io.meridian.protocol.lease.LeaseProtocol;
import io.meridian.protocol.lease.WorkerRegistration;
import io.meridian.store.memory.InMemoryStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Federated stages are durable jobs that only the federation runner takes, and that only takes those. */
class FederatedJobsTest {
    final Coordinator coordinator = Coordinator.manual(new InMemoryStore(), EngineSettings.DEFAULT, new SettableClock());

    @AfterEach
    void close() {
        coordinator.close();
    }

    static final FederatedStageConfig PARALLEL = new FederatedStageConfig(FederationStrategy.PARALLEL,
            List.of("us-east-1", "eu-west-1"), false, AggregationStrategy.MERGE, null, 0, true, 0, null, false, null);

    Pipeline pipeline(PipelineFederation federation) {
        return PipelineBuilder.pipeline("global").federation(federation)
                .stage("collect", "noop")
                .stage("process", "json_transform", s -> s.dependsOn("collect").config(Json.object().put("expression", "."))
                        .federation(PARALLEL))
                .buildUnchecked();
    }

    /** Session secrets by worker id, as the registrations returned them. */
    private static final Map<String, String> SECRETS = new java.util.concurrent.ConcurrentHashMap<>();

    static String register(LeaseProtocol leases, String id, List<String> capabilities) {
        SECRETS.put(id, leases.register(new WorkerRegistration(id, "i-" + id, "test", 1, capabilities, 4, 8192, 0, 10,
                null, 0, Map.of(), "test")).sessionSecret());
        return id;
    }

    static List<LeaseGrant> take(LeaseProtocol leases, String id) {
        return leases.exchange(as(id, List.of(), 10)).grants();
    }

    static ExchangeRequest as(String id, List<JobReport> reports, int want) {
        return new ExchangeRequest(id, "i-" + id, reports, List.of(), want, 0, 0, SECRETS.get(id));
    }

    @Test
    void onlyTheRunnerTakesFederatedStagesAndTheRunnerTakesNothingElse() {
        LeaseProtocol leases = coordinator.leases();
        String worker = register(leases, "worker", List.of("cpu"));
        String runner = register(leases, "runner", List.of(FederatedJobs.CAPABILITY));
        coordinator.startExecution(pipeline(PipelineFederation.DEFAULT), Json.object(), null);

        assertThat(take(leases, runner)).isEmpty();
        LeaseGrant collect = take(leases, worker).getFirst();
        leases.exchange(as(worker, List.of(new JobReport.Succeeded(collect.lease(), Json.parse("[1, 2]"))), 0));

        assertThat(take(leases, worker)).isEmpty();
        LeaseGrant process = take(leases, runner).getFirst();
        assertThat(process.type()).isEqualTo(FederatedJobs.TYPE);
        assertThat(process.payload().get("dependency_refs")).isEqualTo(Json.parse("[\"collect\"]"));
        var resolved = Json.object().set("collect",
                coordinator.stageOutput(process.executionId(), "collect").orElseThrow());
        FederatedStageRequest request = FederatedJobs.request(process.payload(), resolved);
        assertThat(request.stageId()).isEqualTo("process");
        assertThat(request.stageType()).isEqualTo("json_transform");
        assertThat(request.pipelineId()).isEqualTo("global");
        assertThat(request.dependencies().get("collect")).isEqualTo(Json.parse("[1, 2]"));
        assertThat(request.federation()).isEqualTo(PARALLEL);
    }

    @Test
    void aPipelineThatSwitchesFederationOffRunsTheStageLocally() {
        LeaseProtocol leases = coordinator.leases();
        String worker = register(leases, "worker", List.of("cpu"));
        coordinator.startExecution(pipeline(new PipelineFederation(false, null)), Json.object(), null);
        LeaseGrant collect = take(leases, worker).getFirst();
        leases.exchange(as(worker, List.of(new JobReport.Succeeded(collect.lease(), Json.object())), 0));
        assertThat(take(leases, worker).getFirst().type()).isEqualTo("json_transform");
    }
}
