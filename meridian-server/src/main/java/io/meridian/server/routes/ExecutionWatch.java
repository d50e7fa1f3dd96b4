package io.meridian.server.routes;

import io.meridian.engine.Coordinator;
import io.meridian.model.json.Json;
import io.meridian.server.api.ExecutionDocument;
import io.meridian.server.http.ApiError;
import io.meridian.store.ExecutionRecord;
import java.time.Duration;
import tools.jackson.databind.node.ObjectNode;

/**
 * Follows one execution and tells a client each change of its state, over whatever carries the events (SSE or
 * a WebSocket): a {@code state} event (execution status, and each stage's status and job counts) whenever that
 * changes, starting with the current one, and an {@code end} event with the whole execution document once it
 * has finished; then the stream ends. The state is read every {@link #POLL}: changes closer together than that
 * arrive as one.
 */
final class ExecutionWatch {
    static final Duration POLL = Duration.ofMillis(100);
    /** A comment this often while nothing changes: proxies keep the stream, and a gone client is noticed. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(10);

    /** Where events go; a failed send (the client is gone) ends the watch. */
    interface Sink {
        void send(String event, String json) throws Exception;

        void keepAlive() throws Exception;
    }

    private ExecutionWatch() {
    }

    /** The execution, or 404: checked before a stream starts, so a wrong id is an ordinary error answer. */
    static ExecutionRecord find(Coordinator coordinator, String id) {
        return coordinator.execution(id).orElseThrow(() -> ApiError.notFound("execution " + id));
    }

    static void run(Coordinator coordinator, String id, Sink sink) throws Exception {
        String last = null;
        long quietSince = System.nanoTime();
        while (true) {
            ExecutionRecord x = find(coordinator, id);
            String state = Json.write(state(x));
            if (!state.equals(last)) {
                sink.send("state", state);
                last = state;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > KEEP_ALIVE.toNanos()) {
                sink.keepAlive();
                quietSince = System.nanoTime();
            }
            if (x.status().isTerminal()) {
                sink.send("end", Json.write(ExecutionDocument.of(x)));
                return;
            }
            Thread.sleep(POLL);
        }
    }

    private static ObjectNode state(ExecutionRecord x) {
        ObjectNode o = Json.object();
        o.put("execution_id", x.id());
        o.put("status", x.status().name().toLowerCase());
        ObjectNode stages = o.putObject("stages");
        x.stages().forEach((id, run) -> stages.putObject(id).put("status", run.status().name().toLowerCase())
                .put("jobs", run.jobs()).put("jobs_done", run.jobsDone()));
        return o;
    }
}
