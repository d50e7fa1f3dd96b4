package io.meridian.model.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every field rule at its limit (accepted), one past it (refused), and with NUL (refused, not echoed raw). */
class FieldRulesTest {

    record Case(String name, FieldRule rule, int limit) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> rules() {
        return List.of(new Case("worker_id", FieldRules.WORKER_ID, 128), new Case("node_id", FieldRules.NODE_ID, 128),
                new Case("region", FieldRules.REGION, 64), new Case("capability", FieldRules.CAPABILITY, 64),
                new Case("request_id", FieldRules.REQUEST_ID, 255), new Case("incarnation", FieldRules.INCARNATION, 128),
                new Case("job type", FieldRules.JOB_TYPE, 64),
                new Case("record id", FieldRules.RECORD_ID, 128), new Case("pipeline id", FieldRules.PIPELINE_ID, 128), new Case("stage_id", FieldRules.STAGE_ID, 64),
                new Case("label key", FieldRules.LABEL_KEY, 128),
                new Case("label value", FieldRules.LABEL_VALUE, 255), new Case("host", FieldRules.HOST, 255),
                new Case("version", FieldRules.VERSION, 64));
    }

    @ParameterizedTest
    @MethodSource("rules")
    void atTheLimitIsAcceptedAndOnePastIsRefusedNamingTheLimit(Case c) {
        assertThat(c.rule().maxLength()).isEqualTo(c.limit());
        assertThat(c.rule().require("f", "a".repeat(c.limit()))).hasSize(c.limit());
        assertThatThrownBy(() -> c.rule().require("f", "a".repeat(c.limit() + 1)))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.field()).isEqualTo("f");
                    assertThat(e.rule()).isEqualTo("too_long");
                    assertThat(e.limit()).isEqualTo(c.limit());
                })
                .hasMessageContaining("limit is " + c.limit());
    }

    @ParameterizedTest
    @MethodSource("rules")
    void nulLineBreaksAndEscapesAreRefusedAndNeverEchoedRaw(Case c) {
        for (String bad : List.of("a\u0000b", "a\nERROR forged", "a\r\nb", "a\u001b[31mb", "a\u2028b")) {
            assertThatThrownBy(() -> c.rule().require("f", bad))
                    .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                        assertThat(e.rule()).isEqualTo("charset");
                        assertThat(e.getMessage()).doesNotContain("\u0000", "\n", "\r", "\u001b", "\u2028");
                    });
        }
        assertThatThrownBy(() -> c.rule().require("f", "a\u0000")).hasMessageContaining("U+0000 (NUL)");
    }

    @ParameterizedTest
    @MethodSource("rules")
    void emptyIsRefusedAndAbsentIsOnlyRefusedWhenRequired(Case c) {
        assertThatThrownBy(() -> c.rule().require("f", "")).isInstanceOfSatisfying(InvalidFieldException.class,
                e -> assertThat(e.rule()).isEqualTo("required"));
        assertThatThrownBy(() -> c.rule().require("f", null)).isInstanceOf(InvalidFieldException.class);
        assertThat(c.rule().check("f", null)).isNull();
    }

    @Test
    void idsRefusePathsSpacesAndLeadingPunctuation() {
        for (String bad : List.of("../../x", "a/b", "a b", ".hidden", "-x", "ü")) {
            assertThat(FieldRules.WORKER_ID.accepts(bad)).as(bad).isFalse();
        }
        for (String good : List.of("host-1.example.com-4242", "w1", "pod@node:7", "local-1")) {
            assertThat(FieldRules.WORKER_ID.accepts(good)).as(good).isTrue();
        }
        assertThat(FieldRules.REQUEST_ID.accepts("x-1/stage:2+=")).isTrue();
        assertThat(FieldRules.HOST.accepts("Zoë's laptop (office)")).isTrue();
    }

    @Test
    void listsAndLabelsAreCappedInCount() {
        List<String> caps = java.util.stream.IntStream.range(0, 65).mapToObj(i -> "c" + i).toList();
        FieldRules.each("capabilities", caps.subList(0, 64), FieldRules.CAPABILITY, FieldRules.MAX_CAPABILITIES);
        assertThatThrownBy(() -> FieldRules.each("capabilities", caps, FieldRules.CAPABILITY,
                FieldRules.MAX_CAPABILITIES)).hasMessageContaining("65 entries; the limit is 64");
        Map<String, String> labels = new java.util.HashMap<>();
        for (int i = 0; i < 65; i++) {
            labels.put("k" + i, "v");
        }
        assertThatThrownBy(() -> FieldRules.labels("labels", labels)).hasMessageContaining("the limit is 64");
        FieldRules.labels("labels", Map.of("empty", ""));
    }

    @Test
    void longValuesAreCutInErrors() {
        String huge = "\u0000".repeat(1 << 20);
        assertThatThrownBy(() -> FieldRules.REQUEST_ID.require("request_id", "x" + huge))
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(1000));
    }
}
