package io.meridian.server.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.model.json.Json;
import io.meridian.server.api.JobSubmission;
import io.meridian.server.http.ApiError;
import io.meridian.store.JobSpec;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A submitted job's placement becomes fields of the job; its payload is only the handler's input. */
class QueueJobPlacementTest {
    @Test
    void placementBecomesFieldsOfTheJobAndStaysOutOfThePayload() {
        JobSpec spec = QueueRoutes.spec(submission("""
                {"type": "noop", "payload": {"n": 1}, "placement": {"strategy": "affinity", "affinity_key": "c-7"}}"""),
                "", Set.of("noop"));
        assertThat(spec.placementStrategy()).isEqualTo("affinity");
        assertThat(spec.affinityKey()).isEqualTo("c-7");
        assertThat(spec.payload().toString()).isEqualTo("{\"config\":{\"n\":1}}");
    }

    @Test
    void aBadPlacementIsABadRequestNamingTheJob() {
        assertThatThrownBy(() -> QueueRoutes.spec(submission("""
                {"type": "noop", "placement": {"strategy": "round_robin", "affinity_key": "c-7"}}"""),
                "jobs[2].", Set.of("noop")))
                .isInstanceOf(ApiError.class)
                .hasMessage("jobs[2].placement: an affinity key only applies with placement strategy affinity, "
                        + "not round_robin");
    }

    private static JobSubmission submission(String json) {
        return Json.convert(Json.parse(json), JobSubmission.class);
    }
}
