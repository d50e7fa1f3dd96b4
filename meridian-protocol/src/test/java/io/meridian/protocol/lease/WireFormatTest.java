package io.meridian.protocol.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.IntNode;

/** The lease protocol's records survive the trip through JSON unchanged (they are the HTTP wire format). */
class WireFormatTest {
    @Test
    void exchangeRequestRoundTripsWithEveryKindOfReport() {
        LeaseRef lease = new LeaseRef("j1", 3);
        ExchangeRequest request = new ExchangeRequest("w1", "inc-1", List.of(new JobReport.Started(lease),
                new JobReport.Succeeded(lease, IntNode.valueOf(42)),
                new JobReport.Failed(lease, new FailureInfo("timeout", "too slow", false))), List.of(lease), 8, 1000, 2,
                "s3cret");
        String json = Json.write(request);
        assertThat(json).contains("\"kind\":\"succeeded\"", "\"worker_id\":\"w1\"", "\"want_jobs\":8",
                "\"session_secret\":\"s3cret\"");
        assertThat(request.toString()).as("the secret stays out of logs").doesNotContain("s3cret");
        assertThat(Json.MAPPER.readValue(json, ExchangeRequest.class)).isEqualTo(request);
    }

    @Test
    void responsesAndRegistrationsRoundTrip() {
        LeaseGrant grant = new LeaseGrant(new LeaseRef("j1", 1), "noop", Json.object(), "x/s/0", 5,
                Instant.parse("2026-01-01T00:00:10Z"), Instant.parse("2026-01-01T01:00:00Z"), "x", "s", 0, "affinity",
                "customer-7");
        ExchangeResponse response = new ExchangeResponse(List.of(grant), List.of(new LeaseRef("j2", 2)), List.of(), false);
        assertThat(Json.write(grant)).contains("\"placement_strategy\":\"affinity\"", "\"affinity_key\":\"customer-7\"");
        assertThat(Json.MAPPER.readValue(Json.write(response), ExchangeResponse.class)).isEqualTo(response);
        WorkerRegistration reg = new WorkerRegistration("w1", "inc", "host", 42, List.of("gpu"), 8, 16000, 1, 4,
                "eu-west-1", 0.5, Map.of("rack", "a"), "0.1.0");
        assertThat(Json.MAPPER.readValue(Json.write(reg), WorkerRegistration.class)).isEqualTo(reg);
        WorkerSession session = new WorkerSession("w1", "inc", 10_000, 1000, "s3cret");
        assertThat(Json.write(session)).contains("\"session_secret\":\"s3cret\"");
        assertThat(Json.MAPPER.readValue(Json.write(session), WorkerSession.class)).isEqualTo(session);
        assertThat(session.toString()).doesNotContain("s3cret");
    }

    @Test
    void aGrantCarriesItsTraceContextOnlyWhenTracingIsOn() {
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        LeaseGrant traced = new LeaseGrant(new LeaseRef("j1", 2), "noop", Json.object(), "x/s/0", 5, null, null, "x",
                "s", 0, null, null, traceparent);
        assertThat(Json.write(traced)).contains("\"traceparent\":\"" + traceparent + "\"");
        assertThat(Json.MAPPER.readValue(Json.write(traced), LeaseGrant.class)).isEqualTo(traced);
        LeaseGrant plain = new LeaseGrant(new LeaseRef("j1", 2), "noop", Json.object(), "x/s/0", 5, null, null, "x",
                "s", 0);
        assertThat(Json.write(plain)).as("no bytes spent when tracing is off").doesNotContain("traceparent");
        assertThat(Json.MAPPER.readValue(Json.write(plain), LeaseGrant.class).traceparent()).isNull();
    }

    @Test
    void aWorkerSaysItsNodeTypeAndOlderWorkersAreLocal() throws Exception {
        WorkerRegistration edge = new WorkerRegistration("w1", "inc", "host", 42, List.of(), 1, 100, 0, 1, null, 0,
                Map.of(), "0.1.0", null, "edge");
        assertThat(Json.write(edge)).contains("\"node_type\":\"edge\"");
        assertThat(Json.MAPPER.readValue(Json.write(edge), WorkerRegistration.class).nodeType()).isEqualTo("edge");
        String older = Json.write(edge).replace(",\"node_type\":\"edge\"", "");
        assertThat(Json.MAPPER.readValue(older, WorkerRegistration.class).nodeType()).isEqualTo("local");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new WorkerRegistration("w1", "inc", "h", 1, List.of(),
                1, 1, 0, 1, null, 0, Map.of(), "v", null, "phone")).hasMessageContaining("unknown node type 'phone'");
    }
}
