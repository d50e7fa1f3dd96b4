package io.meridian.worker.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meridian.worker.sdk.TaskFailure;
import io.meridian.worker.testing.TestingTaskContext;
import org.junit.jupiter.api.Test;

/** json_transform: jq programs over explicit inputs and dependency outputs. */
class JqProgramTest {
    final JsonTransformStage jq = new JsonTransformStage();

    String run(TestingTaskContext ctx) throws Exception {
        return jq.execute(ctx).toString();
    }

    @Test
    void sumsMappedValues() throws Exception {
        assertThat(run(TestingTaskContext.withConfig("""
                {"expression": ".items | map(.value) | add",
                 "input": {"items": [{"value": 2}, {"value": 5}, {"value": 0.5}]}}"""))).isEqualTo("7.5");
    }

    @Test
    void buildsObjects() throws Exception {
        assertThat(run(TestingTaskContext.withConfig("{\"expression\": \"{total: (.a + .b)}\", \"input\": {\"a\": 1, \"b\": 2}}")))
                .isEqualTo("{\"total\":3}");
    }

    @Test
    void severalResultsBecomeAnArrayAndNoneBecomesNull() throws Exception {
        assertThat(run(TestingTaskContext.withConfig("{\"expression\": \".[] | .x\", \"input\": [{\"x\": \"a\"}, {\"x\": 2}]}")))
                .isEqualTo("[\"a\",2]");
        assertThat(run(TestingTaskContext.withConfig("{\"expression\": \"empty\", \"input\": 1}"))).isEqualTo("null");
    }

    @Test
    void theDefaultExpressionIsIdentity() throws Exception {
        assertThat(run(TestingTaskContext.withConfig("{\"input\": {\"k\": [true]}}"))).isEqualTo("{\"k\":[true]}");
    }

    @Test
    void withoutInputItReadsTheSingleDependencyOutput() throws Exception {
        var ctx = TestingTaskContext.withConfig("{\"expression\": \".rows | length\"}").dependency("fetch", "{\"rows\": [1, 2, 3]}");
        assertThat(run(ctx)).isEqualTo("3");
    }

    @Test
    void withSeveralDependenciesItReadsThemAllByStageId() throws Exception {
        var ctx = TestingTaskContext.withConfig("{\"expression\": \"[keys[], (.a.n + .b.n)]\"}")
                .dependency("a", "{\"n\": 1}").dependency("b", "{\"n\": 2}");
        assertThat(run(ctx)).isEqualTo("[\"a\",\"b\",3]");
    }

    @Test
    void anInvalidProgramIsFinalAndCarriesJqsMessage() {
        var ctx = TestingTaskContext.withConfig("{\"expression\": \".items | map(\", \"input\": {}}");
        TaskFailure f = catchThrowableOfType(TaskFailure.class, () -> jq.execute(ctx));
        assertThat(f.nonRetryable()).isTrue();
        assertThat(f.type()).isEqualTo("bad_config");
        assertThat(f.getMessage()).startsWith("invalid jq expression '.items | map(': ").hasSizeGreaterThan(40);
    }

    @Test
    void aRuntimeErrorIsATaskFailure() {
        var ctx = TestingTaskContext.withConfig("{\"expression\": \".a + 1\", \"input\": {\"a\": \"text\"}}");
        TaskFailure f = catchThrowableOfType(TaskFailure.class, () -> jq.execute(ctx));
        assertThat(f.getMessage()).startsWith("jq expression failed: ");
    }
}
