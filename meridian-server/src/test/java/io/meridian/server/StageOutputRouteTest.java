package io.meridian.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.client.CoordinatorAddresses;
import io.meridian.client.HttpTaskState;
import io.meridian.engine.Coordinator;
import io.meridian.engine.EngineSettings;
import io.meridian.engine.time.SystemClock;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.PipelineBuilder;
import io.meridian.protocol.lease.ExchangeRequest;
import io.meridian.protocol.lease.JobReport;
import io.meridian.protocol.lease.LeaseGrant;
import io.meridian.protocol.lease.WorkerRegistration;
import io.meridian.server.auth.Scope;
import io.meridian.server.auth.Tokens;
import io.meridian.store.memory.InMemoryStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GET /v1/executions/{id}/stages/{stage}/output: how remote workers read the upstream outputs their jobs refer to,
 * from the leader and from a follower, with a worker token.
 */
class StageOutputRouteTest {
    final InMemoryStore store = new InMemoryStore();
    final Tokens tokens = new Tokens().addToken("worker-secret", "worker", EnumSet.of(Scope.WORKER))
            .addToken("client-secret", "client", EnumSet.of(Scope.CLIENT))
            .addToken("region-secret", "region", EnumSet.of(Scope.REGION));
    final ServerSettings settings = new ServerSettings("127.0.0.1", 0, 64 * 1024, 100_000, 64, null, null);
    final HttpClient http = HttpClient.newHttpClient();
    Coordinator coordinator;
    CoordinatorServer leader;
    CoordinatorServer follower;
    String execution;

    @BeforeEach
    void start() throws Exception {
        coordinator = Coordinator.start(store, EngineSettings.DEFAULT, SystemClock.INSTANCE, Duration.ofMillis(50));
        leader = CoordinatorServer.start(settings, coordinator, tokens, Set.of("noop"));
        follower = CoordinatorServer.follower(settings, tokens, Set.of("noop"), store,
                () -> Optional.of(URI.create("http://127.0.0.1:" + leader.port())));
        execution = coordinator.startExecution(PipelineBuilder.pipeline("fan")
                .stage("gen", "noop")
                .stage("each", "noop", s -> s.dependsOn("gen").foreach("{{stages.gen.output}}"))
                .buildUnchecked(), Json.object(), null).id();
        var leases = coordinator.leases();
        String secret = leases.register(new WorkerRegistration("w", "i-w", "test", 1, List.of(), 4, 8192, 0, 10,
                null, 0, Map.of(), "test")).sessionSecret();
        LeaseGrant gen = leases.exchange(new ExchangeRequest("w", "i-w", List.of(), List.of(), 1, 0, 0, secret))
                .grants().getFirst();
        leases.exchange(new ExchangeRequest("w", "i-w", List.of(new JobReport.Succeeded(gen.lease(),
                Json.parse("[10, 20, 30]"))), List.of(), 0, 0, 0, secret));
    }

    @AfterEach
    void stop() {
        follower.close();
        leader.close();
        coordinator.close();
    }

    HttpResponse<String> get(CoordinatorServer server, String stage, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/executions/"
                + execution + "/stages/" + stage + "/output")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aWorkerTokenReadsASucceededStagesOutputFromTheLeaderAndFromAFollower() throws Exception {
        for (CoordinatorServer server : List.of(leader, follower)) {
            var answer = get(server, "gen", "worker-secret");
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(Json.parse(answer.body()).path("output").toString()).isEqualTo("[10,20,30]");
            assertThat(Json.parse(answer.body()).path("stage_id").asString()).isEqualTo("gen");
            assertThat(get(server, "gen", "client-secret").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aStageWithoutOutputIsNotFoundAndOtherScopesAreRefused() throws Exception {
        var running = get(leader, "each", "worker-secret");
        assertThat(running.statusCode()).isEqualTo(404);
        assertThat(running.body()).contains("output of stage 'each' of execution " + execution);
        assertThat(get(leader, "nope", "worker-secret").statusCode()).isEqualTo(404);
        assertThat(get(follower, "nope", "worker-secret").statusCode()).isEqualTo(404);
        assertThat(get(leader, "gen", "region-secret").statusCode()).isEqualTo(403);
        var badStage = get(leader, "a%20b", "worker-secret");
        assertThat(badStage.statusCode()).isEqualTo(400);
        assertThat(badStage.body()).contains("stage id (path)");
    }

    @Test
    void theHttpTaskStateReadsOutputsAndAnswersEmptyForUnknownOnes() {
        var remote = new HttpTaskState(CoordinatorAddresses.parse("http://127.0.0.1:" + leader.port()),
                "worker-secret", Duration.ofSeconds(5));
        assertThat(remote.stageOutput(execution, "gen").orElseThrow().toString()).isEqualTo("[10,20,30]");
        assertThat(remote.stageOutput(execution, "each")).isEmpty();
        assertThat(remote.stageOutput("x-unknown", "gen")).isEmpty();
    }
}
