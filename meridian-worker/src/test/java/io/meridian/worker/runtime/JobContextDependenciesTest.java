package io.meridian.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.model.json.Json;
import io.meridian.protocol.lease.LeaseGrant;
import io.meridian.protocol.lease.LeaseRef;
import io.meridian.worker.stages.JsonTransformStage;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Jobs carry references to upstream outputs; their context resolves them on first use, through a per-worker cache
 * bounded by bytes, and gives each job its own copy.
 */
class JobContextDependenciesTest {
    final TestingTaskState state = new TestingTaskState();
    final ArrayNode gen = Json.MAPPER.createArrayNode();

    JobContextDependenciesTest() {
        IntStream.range(0, 1000).forEach(gen::add);
        state.outputs.put("x-1/gen", gen);
        state.outputs.put("x-1/meta", Json.object().put("name", "run"));
    }

    static LeaseGrant job(int item, ObjectNode payload) {
        return new LeaseGrant(new LeaseRef("job-" + item, 1), "json_transform", payload, "x-1/each/" + item, 5, null,
                null, "x-1", "each", item);
    }

    static ObjectNode refs(String... stages) {
        ObjectNode payload = Json.object();
        ArrayNode refs = payload.putArray("dependency_refs");
        for (String s : stages) {
            refs.add(s);
        }
        return payload;
    }

    JobContext context(UpstreamOutputs upstream, int item, ObjectNode payload) {
        return new JobContext(job(item, payload), TaskResources.NONE, state, upstream, "w1");
    }

    @Test
    void theJobsOfOneFanOutReadTheUpstreamOutputOncePerWorker() {
        UpstreamOutputs upstream = new UpstreamOutputs(state, UpstreamOutputs.DEFAULT_MAX_BYTES);
        for (int i = 0; i < 200; i++) {
            ObjectNode deps = context(upstream, i, refs("gen", "meta")).dependencies();
            assertThat(deps.propertyNames()).containsExactly("gen", "meta");
            assertThat(deps.get("gen")).hasSize(1000);
        }
        assertThat(state.outputReads).containsEntry("x-1/gen", 1).containsEntry("x-1/meta", 1);
        assertThat(upstream.reads()).isEqualTo(2);
    }

    @Test
    void eachJobGetsItsOwnCopySoAHandlerThatChangesItChangesNothingElse() {
        UpstreamOutputs upstream = new UpstreamOutputs(state, UpstreamOutputs.DEFAULT_MAX_BYTES);
        JobContext first = context(upstream, 0, refs("gen"));
        ((ArrayNode) first.dependencies().get("gen")).removeAll();
        assertThat(first.dependencies().get("gen")).as("resolved once per job").isEmpty();

        assertThat(context(upstream, 1, refs("gen")).dependencies().get("gen")).hasSize(1000);
        assertThat(gen).as("the coordinator's own node, in-process").hasSize(1000);
    }

    @Test
    void anOutputLargerThanTheCacheIsReadEachTimeAndOneThatFitsExactlyIsKept() {
        long size = Json.writeBytes(gen).length;
        UpstreamOutputs fits = new UpstreamOutputs(state, size);
        context(fits, 0, refs("gen")).dependencies();
        context(fits, 1, refs("gen")).dependencies();
        assertThat(fits.reads()).isEqualTo(1);

        UpstreamOutputs tooSmall = new UpstreamOutputs(state, size - 1);
        context(tooSmall, 0, refs("gen")).dependencies();
        context(tooSmall, 1, refs("gen")).dependencies();
        assertThat(tooSmall.reads()).isEqualTo(2);
    }

    @Test
    void inlineDependenciesAreUsedAsTheyAreAndAJobWithoutReferencesHasNone() {
        UpstreamOutputs upstream = new UpstreamOutputs(state, UpstreamOutputs.DEFAULT_MAX_BYTES);
        ObjectNode inline = Json.object();
        inline.putObject("dependencies").put("old", 1);
        assertThat(context(upstream, 0, inline).dependencies().toString()).isEqualTo("{\"old\":1}");
        assertThat(context(upstream, 1, Json.object()).dependencies()).isEmpty();
        assertThat(upstream.reads()).isZero();
    }

    @Test
    void anOutputTheCoordinatorDoesNotHaveFailsTheCallNamingStageAndExecution() {
        UpstreamOutputs upstream = new UpstreamOutputs(state, UpstreamOutputs.DEFAULT_MAX_BYTES);
        assertThatThrownBy(() -> context(upstream, 0, refs("gone")).dependencies())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stage 'gone' of execution x-1 is not available");
    }

    @Test
    void jsonTransformStillReadsItsSingleDependencyByDefault() throws Exception {
        UpstreamOutputs upstream = new UpstreamOutputs(state, UpstreamOutputs.DEFAULT_MAX_BYTES);
        ObjectNode payload = refs("gen");
        payload.putObject("config").put("expression", "length");
        JsonNode out = new JsonTransformStage().execute(context(upstream, 0, payload));
        assertThat(out.asInt()).isEqualTo(1000);

        ObjectNode both = refs("gen", "meta");
        both.putObject("config").put("expression", ".meta.name");
        assertThat(new JsonTransformStage().execute(context(upstream, 1, both)).asString()).isEqualTo("run");
    }
}
