package io.meridian.model.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.exc.ValueInstantiationException;

class DirectConstructorsTest {

    public record Grant(String jobId, int attempt, Instant deadline, List<String> tags, boolean urgent) {
        public Grant {
            if (attempt < 0) {
                throw new IllegalArgumentException("attempt must not be negative, got " + attempt);
            }
        }
    }

    @Test
    void recordsAreBuiltWithEveryArgumentInPlace() {
        Grant g = Json.MAPPER.readValue("{\"job_id\":\"j1\",\"attempt\":3,\"deadline\":\"2026-12-07T10:00:00Z\","
                + "\"tags\":[\"a\",\"b\"],\"urgent\":true}", Grant.class);
        assertThat(g).isEqualTo(new Grant("j1", 3, Instant.parse("2026-12-07T10:00:00Z"), List.of("a", "b"), true));
    }

    @Test
    void missingPropertiesGetTheirDefaults() {
        assertThat(Json.MAPPER.readValue("{\"job_id\":\"j1\"}", Grant.class))
                .isEqualTo(new Grant("j1", 0, null, null, false));
    }

    @Test
    void aConstructorThatRefusesItsArgumentsIsReportedAsJacksonReportsIt() {
        assertThatThrownBy(() -> Json.MAPPER.readValue("{\"job_id\":\"j1\",\"attempt\":-1}", Grant.class))
                .isInstanceOf(ValueInstantiationException.class)
                .hasMessageContaining("attempt must not be negative, got -1")
                .hasRootCauseInstanceOf(IllegalArgumentException.class);
    }

    /** Remembers whether it was built through the direct call. */
    public record Traced(String name, boolean direct) {
        public Traced(String name, boolean direct) {
            this.name = name;
            this.direct = StackWalker.getInstance().walk(frames -> frames.anyMatch(
                    f -> f.getClassName().equals(DirectConstructors.class.getName() + "$Direct")));
        }
    }

    @Test
    void publicRecordsAreBuiltThroughTheDirectCall() {
        assertThat(Json.MAPPER.readValue("{\"name\":\"x\"}", Traced.class).direct()).isTrue();
    }
}
