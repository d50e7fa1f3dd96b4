package io.meridian.worker.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StageTypesTest {
    public record Text(String text) {}

    public record Count(int words) {}

    public static final class TextStages {
        @StageType("word_count")
        public Count count(Text in) {
            return new Count(in.text().strip().split("\\s+").length);
        }

        @StageType("job_of")
        public Count job(Text in, TaskContext context) {
            return new Count(context.jobId().length());
        }

        @StageType("picky")
        public Count picky(Text in) throws TaskFailure {
            throw TaskFailure.badConfig("not today");
        }
    }

    public static final class Broken {
        @StageType("static_one")
        public static Count count(Text in) {
            return new Count(0);
        }
    }

    @Test
    void eachAnnotatedMethodBecomesAHandler() throws Exception {
        var handlers = StageTypes.of(new TextStages());
        assertThat(handlers).extracting(TaskHandler::type).containsExactly("word_count", "job_of", "picky");
        assertThat(handlers.get(0).execute(ConfigOnlyContext.of("{\"text\": \"one two\"}")).toString())
                .isEqualTo("{\"words\":2}");
        assertThat(handlers.get(1).execute(ConfigOnlyContext.of("{\"text\": \"\"}")).toString())
                .isEqualTo("{\"words\":5}");
    }

    @Test
    void theMethodsOwnFailureKeepsItsType() {
        var picky = StageTypes.of(new TextStages()).get(2);
        assertThatThrownBy(() -> picky.execute(ConfigOnlyContext.of("{\"text\": \"\"}")))
                .isInstanceOf(TaskFailure.class).hasMessage("not today")
                .satisfies(e -> assertThat(((TaskFailure) e).type()).isEqualTo("bad_config"));
    }

    @Test
    void aMethodThatCannotBeAHandlerIsRefusedNamingIt() {
        assertThatThrownBy(() -> StageTypes.of(new Broken()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("@StageType(\"static_one\") on " + Broken.class.getName() + ".count");
    }
}
