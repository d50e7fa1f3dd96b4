package io.meridian.protocol.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.model.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ResultCheckTest {
    static final LeaseRef LEASE = new LeaseRef("job-1", 1);

    /** A JSON string of exactly {@code bytes} bytes once serialised (quotes included). */
    static JsonNode stringOfSize(int bytes) {
        return Json.MAPPER.getNodeFactory().stringNode("x".repeat(bytes - 2));
    }

    @Test
    void aResultAtTheLimitPassesAndOneByteMoreFailsNamingSizeAndLimit() throws Exception {
        assertThat(ResultCheck.validated(stringOfSize(4096), 4096)).isEqualTo(stringOfSize(4096));

        assertThatThrownBy(() -> ResultCheck.validated(stringOfSize(4097), 4096))
                .isInstanceOfSatisfying(ResultCheck.Refused.class, r -> {
                    assertThat(r.failure().type()).isEqualTo("result_too_large");
                    assertThat(r.failure().nonRetryable()).isTrue();
                    assertThat(r.getMessage()).contains("4097 bytes", "4096-byte limit", "engine.max_result_bytes");
                });
    }

    @Test
    void smallResultsSkipTheExactCountButTheLimitHoldsToTheByteForEveryShape() throws Exception {
        ObjectNode small = Json.object().put("ok", true).put("n", 12345678901L).put("x", 1.5e-300);
        small.putArray("list").add("a").addNull().add(false);
        long exact = Json.writeBytes(small).length;
        assertThat(ResultCheck.validated(small, 1024)).isSameAs(small);
        assertThat(ResultCheck.validated(small, exact)).isSameAs(small);
        assertThatThrownBy(() -> ResultCheck.validated(small, exact - 1)).isInstanceOf(ResultCheck.Refused.class);

        // escapes and multi-byte characters: the cheap bound must never let a result over the limit through
        JsonNode escaped = Json.MAPPER.getNodeFactory().stringNode("\"\u0001é€".repeat(10));
        long escapedSize = Json.writeBytes(escaped).length;
        assertThat(ResultCheck.validated(escaped, escapedSize)).isEqualTo(escaped);
        assertThatThrownBy(() -> ResultCheck.validated(escaped, escapedSize - 1))
                .isInstanceOf(ResultCheck.Refused.class);
        JsonNode big = Json.MAPPER.getNodeFactory().numberNode(new java.math.BigInteger("9".repeat(40)));
        assertThatThrownBy(() -> ResultCheck.validated(big, 39)).isInstanceOf(ResultCheck.Refused.class);
        assertThat(ResultCheck.validated(big, 40)).isEqualTo(big);
    }

    @Test
    void notANumberCannotBeStoredAsJson() {
        ObjectNode out = Json.object().put("ratio", Double.NaN);
        assertThatThrownBy(() -> ResultCheck.validated(out, 1 << 20))
                .isInstanceOfSatisfying(ResultCheck.Refused.class, r -> {
                    assertThat(r.failure().type()).isEqualTo("result_unserialisable");
                    assertThat(r.getMessage()).contains("NaN");
                });
        assertThatThrownBy(() -> ResultCheck.validated(Json.object().put("x", Float.NEGATIVE_INFINITY), 1 << 20))
                .hasMessageContaining("-Infinity");
    }

    static final class SelfReferencing {
        public SelfReferencing self = this;
    }

    static final class ThrowingGetter {
        public String getSecret() {
            throw new IllegalStateException("getter exploded");
        }
    }

    static final class WithNaN {
        public double value = Double.NaN;
    }

    @Test
    void javaObjectsInTheOutputThatCannotBeSerialisedAreNamed() {
        ObjectNode cyclic = Json.object();
        cyclic.putPOJO("loop", new SelfReferencing());
        assertThatThrownBy(() -> ResultCheck.validated(cyclic, 1 << 20))
                .isInstanceOfSatisfying(ResultCheck.Refused.class,
                        r -> assertThat(r.failure().type()).isEqualTo("result_unserialisable"))
                .hasMessageContaining("cannot be stored as JSON").hasMessageContaining("self-reference");

        ObjectNode throwing = Json.object();
        throwing.putPOJO("bad", new ThrowingGetter());
        assertThatThrownBy(() -> ResultCheck.validated(throwing, 1 << 20)).hasMessageContaining("getter exploded");

        ObjectNode nan = Json.object();
        nan.putPOJO("holder", new WithNaN());
        assertThatThrownBy(() -> ResultCheck.validated(nan, 1 << 20)).hasMessageContaining("NaN");
    }

    @Test
    void javaObjectsThatSerialiseBecomePlainJson() throws Exception {
        ObjectNode out = Json.object();
        out.putPOJO("point", new java.util.LinkedHashMap<>(java.util.Map.of("x", 1)));
        JsonNode plain = ResultCheck.validated(out, 1 << 20);
        assertThat(Json.write(plain)).isEqualTo("{\"point\":{\"x\":1}}");
        assertThat(plain.get("point").isObject()).isTrue();
    }

    @Test
    void nestingDeeperThanTheReadLimitIsRefusedBecauseItCouldNeverBeReadBack() throws Exception {
        ObjectNode atLimit = Json.object();
        ObjectNode cursor = atLimit;
        for (int i = 1; i < Json.MAX_DEPTH; i++) {
            cursor = cursor.putObject("a");
        }
        String text = Json.write(ResultCheck.validated(atLimit, 1 << 20));
        assertThat(Json.parse(text)).isEqualTo(atLimit);

        cursor.putObject("a").putObject("a");
        assertThatThrownBy(() -> ResultCheck.validated(atLimit, 1 << 20))
                .hasMessageContaining("nested deeper than " + Json.MAX_DEPTH);
    }

    @Test
    void screeningTurnsABadResultIntoThatJobsFailureAndLeavesOtherReportsAlone() {
        JobReport big = new JobReport.Succeeded(LEASE, stringOfSize(5000));
        JobReport screened = ResultCheck.screen(big, 4096);
        assertThat(screened).isInstanceOfSatisfying(JobReport.Failed.class, f -> {
            assertThat(f.lease()).isEqualTo(LEASE);
            assertThat(f.failure().type()).isEqualTo("result_too_large");
        });
        JobReport fine = new JobReport.Succeeded(LEASE, Json.object().put("ok", true));
        assertThat(ResultCheck.screen(fine, 4096)).isSameAs(fine);
        JobReport started = new JobReport.Started(LEASE);
        assertThat(ResultCheck.screen(started, 1)).isSameAs(started);
    }

    /**
     * Results that fit are not written out to be counted (the check bounds their size instead): the bound must never
     * let through a result over the limit, whatever it holds (escapes, non-ASCII text, numbers, nesting).
     */
    @Test
    void aResultJustOverTheLimitIsRefusedWhateverItHolds() throws Exception {
        ObjectNode mixed = Json.object();
        mixed.put("control\u0001chars", "\u0000\u001f\t\n\"\\ and \u00e9\u4e2d\ud83d\ude00");
        mixed.put("long", Long.MIN_VALUE).put("int", -7).put("double", -2.2250738585072014E-308).put("float", 1.5f)
                .put("yes", true).putNull("nothing");
        mixed.putArray("list").add(1).add("two").addObject().put("three", 3.0);
        mixed.put("big", new java.math.BigDecimal("12345678901234567890.0001"));
        mixed.put("bytes", new byte[] {1, 2, 3});
        int size = Json.write(mixed).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;

        assertThat(ResultCheck.validated(mixed, size)).isEqualTo(mixed);
        assertThatThrownBy(() -> ResultCheck.validated(mixed, size - 1))
                .hasMessageContaining(size + " bytes of JSON");
        ObjectNode escapes = Json.object().put("s", "\u0001".repeat(100));
        int escaped = Json.write(escapes).length();
        assertThat(escaped).as("each control character written as a six-byte escape").isEqualTo(8 + 600);
        assertThat(ResultCheck.validated(escapes, escaped)).isEqualTo(escapes);
        assertThatThrownBy(() -> ResultCheck.validated(escapes, escaped - 1)).hasMessageContaining("bytes of JSON");
    }
}
