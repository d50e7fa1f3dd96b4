package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.client.CoordinatorAddresses;
import io.meridian.client.HttpLeaseProtocol;
import io.meridian.engine.Coordinator;
import io.meridian.engine.EngineSettings;
import io.meridian.engine.time.SystemClock;
import io.meridian.model.execution.JobStatus;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.Requirements;
import io.meridian.model.pipeline.RetryPolicy;
import io.meridian.protocol.lease.ExchangeRequest;
import io.meridian.protocol.lease.ExchangeResponse;
import io.meridian.protocol.lease.LeaseProtocol;
import io.meridian.protocol.lease.WorkerRegistration;
import io.meridian.protocol.lease.WorkerSession;
import io.meridian.server.CoordinatorServer;
import io.meridian.server.ServerSettings;
import io.meridian.server.auth.Scope;
import io.meridian.server.auth.Tokens;
import io.meridian.store.JobSpec;
import io.meridian.store.embedded.SqliteStore;
import io.meridian.worker.runtime.TaskResources;
import io.meridian.worker.runtime.WorkerOptions;
import io.meridian.worker.runtime.WorkerRuntime;
import io.meridian.worker.sdk.HandlerRegistry;
import io.meridian.worker.sdk.TaskContext;
import io.meridian.worker.sdk.TaskHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One result the coordinator cannot take (too large for a request body or for the per-result limit, or not
 * JSON at all) fails its own job; the worker logs it and goes on with the next jobs (issue 12: one oversized
 * result used to be re-sent on every exchange and poisoned the worker until it was restarted).
 */
class PoisonResultTest {
    static final String WORKER_TOKEN = "worker-token";
    static final int MAX_BODY = 64 * 1024;
    static final int MAX_RESULT = 16 * 1024;

    @TempDir
    Path dir;
    SqliteStore store;
    Coordinator coordinator;
    CoordinatorServer server;
    final List<WorkerRuntime> workers = new ArrayList<>();

    /** Returns a JSON string of exactly {@code bytes} bytes, or something that is not JSON. */
    static final TaskHandler SIZED = new TaskHandler() {
        @Override
        public String type() {
            return "sized";
        }

        @Override
        public JsonNode execute(TaskContext context) {
            ObjectNode c = context.config();
            return switch (c.path("kind").asString("text")) {
                case "nan" -> Json.object().put("ratio", Double.NaN);
                case "cyclic" -> {
                    ObjectNode o = Json.object();
                    o.putPOJO("loop", new SelfReferencing());
                    yield o;
                }
                case "throwing_getter" -> {
                    ObjectNode o = Json.object();
                    o.putPOJO("bad", new ThrowingGetter());
                    yield o;
                }
                default -> Json.MAPPER.getNodeFactory().stringNode("x".repeat(c.path("bytes").asInt() - 2));
            };
        }
    };

    static final class SelfReferencing {
        public SelfReferencing self = this;
    }

    static final class ThrowingGetter {
        public String getValue() {
            throw new IllegalStateException("getter exploded");
        }
    }

    void startCoordinator(long maxResultBytes, int maxBodyBytes) throws Exception {
        store = new SqliteStore(dir.resolve("meridian.db"));
        coordinator = Coordinator.start(store, EngineSettings.DEFAULT.withMaxResultBytes(maxResultBytes),
                SystemClock.INSTANCE, Duration.ofMillis(20));
        server = CoordinatorServer.start(new ServerSettings("127.0.0.1", 0, maxBodyBytes, 100_000, 256, null, null),
                coordinator, new Tokens().addToken(WORKER_TOKEN, "worker", EnumSet.of(Scope.WORKER)), Set.of("sized"));
    }

    LeaseProtocol overHttp() {
        return new HttpLeaseProtocol(CoordinatorAddresses.parse("http://127.0.0.1:" + server.port()), WORKER_TOKEN,
                Duration.ofSeconds(30));
    }

    WorkerRuntime startWorker(LeaseProtocol protocol, int concurrency) {
        var options = new WorkerOptions("w-" + workers.size(), concurrency, List.of("cpu"), 2, 1024, 0, null, 0,
                Map.of(), Duration.ofSeconds(5));
        WorkerRuntime w = new WorkerRuntime(protocol, new HandlerRegistry().register(SIZED), options,
                TaskResources.NONE).start();
        workers.add(w);
        return w;
    }

    String submit(ObjectNode config) {
        ObjectNode payload = Json.object();
        payload.set("config", config);
        return coordinator.submit(new JobSpec("sized", payload, 5, Requirements.NONE, RetryPolicy.DEFAULT, 60, null,
                null, -1), null).id();
    }

    String submitSized(int bytes) {
        return submit(Json.object().put("bytes", bytes));
    }

    JobStatus status(String id) {
        return coordinator.job(id).orElseThrow().state().status();
    }

    String error(String id) {
        return coordinator.job(id).orElseThrow().state().error();
    }

    void awaitSettled(List<String> ids) {
        await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream()
                .allMatch(id -> status(id) == JobStatus.SUCCEEDED || status(id) == JobStatus.FAILED));
    }

    @AfterEach
    void stop() throws Exception {
        workers.forEach(WorkerRuntime::close);
        if (server != null) {
            server.close();
        }
        if (coordinator != null) {
            coordinator.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void aResultOverTheLimitFailsItsJobAndTheWorkerGoesOnWithTheNextJobs() throws Exception {
        startCoordinator(MAX_RESULT, MAX_BODY);
        startWorker(overHttp(), 1);

        String atLimit = submitSized(MAX_RESULT);
        String overLimit = submitSized(MAX_RESULT + 1);
        String overBody = submitSized(MAX_BODY * 2);
        List<String> after = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            after.add(submitSized(100));
        }
        List<String> all = new ArrayList<>(List.of(atLimit, overLimit, overBody));
        all.addAll(after);
        awaitSettled(all);

        assertThat(status(atLimit)).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(coordinator.job(atLimit).orElseThrow().state().result().asString()).hasSize(MAX_RESULT - 2);
        assertThat(status(overLimit)).isEqualTo(JobStatus.FAILED);
        assertThat(error(overLimit)).startsWith("result_too_large")
                .contains((MAX_RESULT + 1) + " bytes", MAX_RESULT + "-byte limit");
        assertThat(status(overBody)).isEqualTo(JobStatus.FAILED);
        assertThat(error(overBody)).contains("result_too_large", (MAX_BODY * 2) + " bytes");
        assertThat(after).allMatch(id -> status(id) == JobStatus.SUCCEEDED);
        // non-retryable: one attempt, not the whole retry budget
        assertThat(coordinator.job(overLimit).orElseThrow().state().attempt()).isEqualTo(1);
    }

    @Test
    void aResultOverTheServersBodyLimitFailsNamingThatLimit() throws Exception {
        startCoordinator(1024 * 1024, MAX_BODY);
        startWorker(overHttp(), 1);

        String big = submitSized(MAX_BODY + 1);
        String next = submitSized(100);
        awaitSettled(List.of(big, next));

        assertThat(status(big)).isEqualTo(JobStatus.FAILED);
        assertThat(error(big)).startsWith("result_too_large")
                .contains(MAX_BODY + "-byte request limit", "server.max_body_bytes");
        assertThat(status(next)).isEqualTo(JobStatus.SUCCEEDED);
    }

    /** A coordinator that does not tell its body limit (an older one): the worker learns it from the 413. */
    static LeaseProtocol withoutAdvertisedLimits(LeaseProtocol inner) {
        return new LeaseProtocol() {
            @Override
            public WorkerSession register(WorkerRegistration registration, String secret) {
                WorkerSession s = inner.register(registration, secret);
                return new WorkerSession(s.workerId(), s.incarnation(), s.leaseTtlMillis(), s.heartbeatMillis(),
                        s.sessionSecret());
            }

            @Override
            public ExchangeResponse exchange(ExchangeRequest request) {
                return inner.exchange(request);
            }

            @Override
            public void deregister(String workerId, String secret) {
                inner.deregister(workerId, secret);
            }
        };
    }

    @Test
    void whenTheServerRefusesAReportTheWorkerIsolatesItAndDeliversTheRest() throws Exception {
        startCoordinator(1024 * 1024, MAX_BODY);
        // Several jobs finish together, so their results travel in one exchange with the big one.
        startWorker(withoutAdvertisedLimits(overHttp()), 8);

        List<String> small = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            small.add(submitSized(20 * 1024));
        }
        String big = submitSized(MAX_BODY + 1);
        List<String> later = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            later.add(submitSized(100));
        }
        List<String> all = new ArrayList<>(small);
        all.add(big);
        all.addAll(later);
        awaitSettled(all);

        assertThat(status(big)).isEqualTo(JobStatus.FAILED);
        assertThat(error(big)).startsWith("report_refused").contains("413", String.valueOf(MAX_BODY));
        assertThat(small).allMatch(id -> status(id) == JobStatus.SUCCEEDED);
        assertThat(later).allMatch(id -> status(id) == JobStatus.SUCCEEDED);
    }

    @Test
    void resultsThatAreNotJsonFailTheirJobAndTheEmbeddedCoordinatorKeepsCommitting() throws Exception {
        startCoordinator(MAX_RESULT, MAX_BODY);
        startWorker(coordinator.leases(), 2);

        String nan = submit(Json.object().put("kind", "nan"));
        String cyclic = submit(Json.object().put("kind", "cyclic"));
        String throwing = submit(Json.object().put("kind", "throwing_getter"));
        String fine = submitSized(100);
        awaitSettled(List.of(nan, cyclic, throwing, fine));

        assertThat(error(nan)).startsWith("result_unserialisable").contains("NaN");
        assertThat(error(cyclic)).startsWith("result_unserialisable").contains("self-reference");
        assertThat(error(throwing)).startsWith("result_unserialisable").contains("getter exploded");
        assertThat(status(fine)).isEqualTo(JobStatus.SUCCEEDED);
        // still committing: a job submitted afterwards runs to the end
        String next = submitSized(100);
        awaitSettled(List.of(next));
        assertThat(status(next)).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void theEngineFailsAnUnstorableResultThatBypassedTheWorkersCheckWithoutFailingTheBatch() throws Exception {
        startCoordinator(MAX_RESULT, MAX_BODY);
        String first = submitSized(100);
        String second = submitSized(100);
        LeaseProtocol leases = coordinator.leases();
        var registration = new WorkerRegistration("raw", "inc-1", "test", 1, List.of("cpu"), 2, 1024, 0, 4, null, 0,
                Map.of(), "test");
        String secret = leases.register(registration).sessionSecret();
        var grants = leases.exchange(new ExchangeRequest("raw", "inc-1", List.of(), List.of(), 2, 0, 0, secret))
                .grants();
        assertThat(grants).hasSize(2);
        ObjectNode cyclic = Json.object();
        cyclic.putPOJO("loop", new SelfReferencing());
        ExchangeResponse r = leases.exchange(new ExchangeRequest("raw", "inc-1", List.of(
                new io.meridian.protocol.lease.JobReport.Succeeded(grants.get(0).lease(), cyclic),
                new io.meridian.protocol.lease.JobReport.Succeeded(grants.get(1).lease(), Json.object().put("ok", 1))),
                List.of(), 0, 0, 0, secret));

        assertThat(r.refused()).isEmpty();
        String bad = grants.get(0).lease().jobId();
        String good = grants.get(1).lease().jobId();
        assertThat(status(bad)).isEqualTo(JobStatus.FAILED);
        assertThat(error(bad)).startsWith("result_unserialisable").contains("self-reference");
        assertThat(status(good)).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(Set.of(bad, good)).containsExactlyInAnyOrder(first, second);
        // the store took the commit: both outcomes read back from the database file
        assertThat(store.job(bad).orElseThrow().state().status()).isEqualTo(JobStatus.FAILED);
        assertThat(store.job(good).orElseThrow().state().result()).isEqualTo(Json.object().put("ok", 1));
    }
}
