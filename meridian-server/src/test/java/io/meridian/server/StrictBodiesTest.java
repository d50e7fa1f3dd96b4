package io.meridian.server;

import static io.meridian.server.TestServer.ADMIN;
import static io.meridian.server.TestServer.CLIENT;
import static io.meridian.server.TestServer.code;
import static io.meridian.server.TestServer.json;
import static io.meridian.server.TestServer.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.http.Route;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every JSON endpoint refuses a field it does not know (400 unknown_field, where, did you mean) before acting. */
class StrictBodiesTest {
    static TestServer api;

    @BeforeAll
    static void start() throws Exception {
        api = new TestServer();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void aQueuedJobsConfigTakesEffectAndASeedCapabilityNameIsRefusedWithAHint() throws Exception {
        var ok = api.call("POST", "/v1/queue/jobs", CLIENT, "{\"type\": \"noop\", \"config\": {\"rows\": 3}, "
                + "\"requires\": {\"capabilities\": [\"gpu\"]}}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        var job = api.coordinator.job(json(ok).path("ids").get(0).asString()).orElseThrow();
        assertThat(job.spec().payload().path("config").path("rows").asInt()).isEqualTo(3);
        assertThat(job.spec().requires().capabilities()).containsExactly("gpu");

        var seedName = api.call("POST", "/v1/queue/jobs", CLIENT, "{\"type\": \"noop\", "
                + "\"requiredCapabilities\": [\"gpu\"]}");
        assertThat(seedName.statusCode()).isEqualTo(400);
        assertThat(code(seedName)).isEqualTo("unknown_field");
        assertThat(message(seedName)).endsWith("unknown field 'requiredCapabilities'; did you mean 'requires' "
                + "({\"capabilities\": [...]})?");

        var both = api.call("POST", "/v1/queue/jobs", CLIENT, "{\"type\": \"noop\", \"config\": {}, \"payload\": {}}");
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(message(both)).contains("config and payload");
    }

    @Test
    void aTypoInABatchOfJobsNamesTheJobAndSuggestsTheField() throws Exception {
        long waiting = api.coordinator.queueStats().waiting();
        var typo = api.call("POST", "/v1/queue/jobs", CLIENT, "{\"jobs\": [{\"type\": \"noop\"}, "
                + "{\"type\": \"noop\", \"priorty\": 3}]}");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(code(typo)).isEqualTo("unknown_field");
        assertThat(message(typo)).contains("'priorty'", "jobs[1].priorty", "did you mean 'priority'?");
        assertThat(json(typo).path("error").path("details").path("field").asString()).isEqualTo("jobs[1].priorty");
        assertThat(api.coordinator.queueStats().waiting()).isEqualTo(waiting);
    }

    @Test
    void aMisspelledInputsIsRefusedInsteadOfRunningOnTheDefaults() throws Exception {
        String pipeline = "{\"id\": \"p\", \"inputs\": {\"n\": {\"default\": 1}}, \"stages\": "
                + "[{\"id\": \"a\", \"type\": \"noop\"}]}";
        var typo = api.call("POST", "/v1/executions", CLIENT, "{\"pipeline\": " + pipeline + ", \"input\": {\"n\": 5}}");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(code(typo)).isEqualTo("unknown_field");
        assertThat(message(typo)).contains("'input'", "did you mean 'inputs'?");
        assertThat(api.call("POST", "/v1/executions", CLIENT, "{\"pipeline\": " + pipeline
                + ", \"inputs\": {\"n\": 5}}").statusCode()).isEqualTo(201);
    }

    @Test
    void aCleanWithAnUnknownKeyDeletesNothing() throws Exception {
        api.call("POST", "/v1/queue/jobs", CLIENT, "{\"type\": \"noop\"}");
        api.call("POST", "/v1/queue/drain", ADMIN, "{}");
        var typo = api.call("POST", "/v1/queue/clean", ADMIN, "{\"states\": [\"cancelled\"], \"older_than\": 0}");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(message(typo)).contains("'older_than'", "older_than_seconds");
        var camel = api.call("POST", "/v1/queue/clean", ADMIN, "{\"states\": [\"cancelled\"], \"olderThanSeconds\": 0}");
        assertThat(message(camel)).contains("did you mean 'older_than_seconds'?");
        var none = api.call("POST", "/v1/queue/clean", ADMIN, "{\"older_than_seconds\": 0}");
        assertThat(message(none)).startsWith("states is required");
        assertThat(api.coordinator.queueStats().cancelled()).isPositive();
    }

    @Test
    void anEndpointWithoutABodyRefusesFieldsSoOptionsAreNotMistakenForQueryParameters() throws Exception {
        var paused = api.call("POST", "/v1/queue/pause", ADMIN, "{\"type\": \"noop\"}");
        assertThat(paused.statusCode()).isEqualTo(400);
        assertThat(message(paused)).contains("takes no body", "'type'", "query");
        assertThat(api.call("POST", "/v1/queue/resume", ADMIN, "{}").statusCode()).isEqualTo(200);
        assertThat(api.call("POST", "/v1/queue/resume", ADMIN, null).statusCode()).isEqualTo(200);
    }

    /** Every POST route, with a body holding one field no endpoint knows: each answers 400 and names it. */
    @Test
    void everyPostRouteRefusesAnUnknownField() throws Exception {
        // A trigger's body is another system's message, whatever its shape (its fields are mapped by templates), and
        // its credential is a signature over it: TriggerRoutesTest covers it.
        List<Route> posts = api.server.routes().stream().filter(r -> r.method().equals("POST"))
                .filter(r -> !r.template().startsWith("/v1/triggers/")).toList();
        assertThat(posts).hasSizeGreaterThan(15);
        for (Route route : posts) {
            String path = route.template().replaceAll("\\{attempt}", "1").replaceAll("\\{[^}]+}", "x1");
            String token = switch (route.scope()) {
                case null -> CLIENT;
                case WORKER -> TestServer.WORKER;
                case REGION -> TestServer.REGION;
                case ADMIN -> ADMIN;
                default -> CLIENT;
            };
            HttpResponse<String> r = api.call("POST", path, token, "{\"zzz_unknown\": 1}", Map.of());
            assertThat(r.statusCode()).as(route.template() + ": " + r.body()).isEqualTo(400);
            assertThat(r.body()).as(route.template()).contains("zzz_unknown");
        }
    }
}
