package io.meridian.worker.stages;

import io.meridian.worker.testing.TestingTaskContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.model.json.Json;
import io.meridian.worker.sdk.TaskFailure;
import org.junit.jupiter.api.Test;

class JsonTransformStageTest {
    final JsonTransformStage jq = new JsonTransformStage();

    @Test
    void runsJqOnTheGivenInput() throws Exception {
        var ctx = TestingTaskContext.withConfig("""
                {"expression": ".items | map(.value) | add", "input": {"items": [{"value": 2}, {"value": 5}]}}""");
        assertThat(jq.execute(ctx).asInt()).isEqualTo(7);
        var obj = TestingTaskContext.withConfig("{\"expression\": \"{total: (.a + .b)}\", \"input\": {\"a\": 1, \"b\": 2}}");
        assertThat(jq.execute(obj).toString()).isEqualTo("{\"total\":3}");
    }

    @Test
    void severalResultsBecomeAnArray() throws Exception {
        var ctx = TestingTaskContext.withConfig("{\"expression\": \".[] | select(.x > 1) | .x\", \"input\": [{\"x\": 1}, {\"x\": 2}, {\"x\": 3}]}");
        assertThat(jq.execute(ctx).toString()).isEqualTo("[2,3]");
    }

    @Test
    void withoutAnInputItReadsTheSingleDependencyOrAllOfThem() throws Exception {
        var one = TestingTaskContext.withConfig("{\"expression\": \".n\"}");
        one.dependency("fetch", "{\"n\": 4}");
        assertThat(jq.execute(one).asInt()).isEqualTo(4);
        var two = TestingTaskContext.withConfig("{\"expression\": \".a.n + .b.n\"}");
        two.dependency("a", "{\"n\": 1}");
        two.dependency("b", "{\"n\": 2}");
        assertThat(jq.execute(two).asInt()).isEqualTo(3);
    }

    @Test
    void anInvalidProgramFailsForGoodWithJqsMessage() {
        var ctx = TestingTaskContext.withConfig("{\"expression\": \".items | map(\", \"input\": {}}");
        assertThatThrownBy(() -> jq.execute(ctx)).isInstanceOf(TaskFailure.class)
                .hasMessageContaining("invalid jq expression").matches(e -> ((TaskFailure) e).nonRetryable());
    }
}
