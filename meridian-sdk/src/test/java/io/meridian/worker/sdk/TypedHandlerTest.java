package io.meridian.worker.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TypedHandlerTest {
    record Text(String text, int minLength) {}

    record Count(int words) {}

    record Batch(List<Text> texts) {}

    static final class WordCount extends TypedHandler<Text, Count> {
        WordCount() {
            super("word_count", Text.class);
        }

        @Override
        protected Count handle(Text in, TaskContext context) {
            return new Count((int) java.util.Arrays.stream(in.text().strip().split("\\s+"))
                    .filter(w -> w.length() >= in.minLength()).count());
        }
    }

    @Test
    void bindsTheConfigAndWritesTheOutput() throws Exception {
        var out = new WordCount().execute(ConfigOnlyContext.of("{\"text\": \"a bb ccc\", \"minLength\": 2}"));
        assertThat(out.toString()).isEqualTo("{\"words\":2}");
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedNamingTheField() {
        assertThatThrownBy(() -> new WordCount().execute(ConfigOnlyContext.of("{\"text\": \"a\", \"minLength\": \"x\"}")))
                .isInstanceOf(NonRetryableFailure.class)
                .hasMessageStartingWith("config.minLength: ")
                .satisfies(e -> assertThat(((TaskFailure) e).type()).isEqualTo("bad_input"));
    }

    @Test
    void anUnknownOrMissingKeyIsRefusedNamingIt() {
        assertThatThrownBy(() -> new WordCount().execute(ConfigOnlyContext.of("{\"text\": \"a\", \"txt\": \"a\", \"minLength\": 1}")))
                .isInstanceOf(NonRetryableFailure.class).hasMessageStartingWith("config.txt: ");
        assertThatThrownBy(() -> new WordCount().execute(ConfigOnlyContext.of("{\"text\": \"a\"}")))
                .isInstanceOf(NonRetryableFailure.class).hasMessageStartingWith("config.minLength: ");
    }

    @Test
    void aNestedFieldIsNamedWithItsIndex() {
        TaskHandler batch = TaskHandler.typed("batch", Batch.class, (in, ctx) -> new Count(in.texts().size()));
        assertThatThrownBy(() -> batch.execute(ConfigOnlyContext.of(
                "{\"texts\": [{\"text\": \"a\", \"minLength\": 1}, {\"text\": \"b\", \"minLength\": []}]}")))
                .isInstanceOf(NonRetryableFailure.class).hasMessageStartingWith("config.texts[1].minLength: ");
    }

    @Test
    void anOutputJacksonCannotWriteFailsAsBadOutput() {
        record Broken(String value) {
            public String getBoom() {
                throw new IllegalStateException("boom");
            }
        }
        TaskHandler broken = TaskHandler.typed("broken", Text.class, (in, ctx) -> new Broken("v"));
        assertThatThrownBy(() -> broken.execute(ConfigOnlyContext.of("{\"text\": \"a\", \"minLength\": 1}")))
                .isInstanceOf(NonRetryableFailure.class).hasMessageStartingWith("output")
                .satisfies(e -> assertThat(((TaskFailure) e).type()).isEqualTo("bad_output"));
    }
}
