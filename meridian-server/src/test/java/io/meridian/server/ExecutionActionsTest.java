package io.meridian.server;

import static io.meridian.server.TestServer.CLIENT;
import static io.meridian.server.TestServer.code;
import static io.meridian.server.TestServer.json;
import static io.meridian.server.TestServer.message;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pause, resume and cancel say what they did: a paused stage shows paused, a finished execution answers 409. */
class ExecutionActionsTest {
    static final String PIPELINE = "{\"pipeline\": {\"id\": \"p\", \"stages\": [{\"id\": \"a\", \"type\": \"noop\"}]}}";
    TestServer api;

    @BeforeEach
    void start() throws Exception {
        api = new TestServer();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aPausedExecutionsRunningStageShowsPaused() throws Exception {
        String id = json(api.call("POST", "/v1/executions", CLIENT, PIPELINE)).path("execution_id").asString();
        var paused = api.call("POST", "/v1/executions/" + id + "/pause", CLIENT, "{}");
        assertThat(paused.statusCode()).isEqualTo(200);
        assertThat(json(paused).path("status").asString()).isEqualTo("paused");
        assertThat(json(paused).path("stages").path("a").path("status").asString()).isEqualTo("paused");
        assertThat(api.call("POST", "/v1/executions/" + id + "/pause", CLIENT, "{}").statusCode())
                .as("pausing a paused execution changes nothing").isEqualTo(200);
        var resumed = api.call("POST", "/v1/executions/" + id + "/resume", CLIENT, "{}");
        assertThat(json(resumed).path("stages").path("a").path("status").asString()).isEqualTo("running");
    }

    @Test
    void pauseResumeOrCancelOfAFinishedExecutionIs409() throws Exception {
        String id = json(api.call("POST", "/v1/executions", CLIENT, PIPELINE)).path("execution_id").asString();
        assertThat(api.call("POST", "/v1/executions/" + id + "/cancel", CLIENT, "{}").statusCode()).isEqualTo(200);
        for (String action : new String[] {"pause", "resume", "cancel"}) {
            var r = api.call("POST", "/v1/executions/" + id + "/" + action, CLIENT, "{}");
            assertThat(r.statusCode()).as(action).isEqualTo(409);
            assertThat(code(r)).isEqualTo("execution_finished");
            assertThat(message(r)).startsWith("execution " + id + " cannot be ").endsWith("it has finished (cancelled)");
        }
        assertThat(api.call("POST", "/v1/executions/nosuch/pause", CLIENT, "{}").statusCode()).isEqualTo(404);
    }
}
