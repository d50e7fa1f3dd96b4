package io.meridian.protocol.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class JsonBoundTest {
    static final LeaseRef LEASE = new LeaseRef("0b6f1c4e-6f1d-4c5e-9a8b-2d0f5f1e7a11", Integer.MIN_VALUE);

    static ObjectNode awkward() {
        ObjectNode o = Json.object();
        o.put("control\u0001", "\u0000\u001f\t\n\"\\ é中😀");
        o.put("long", Long.MIN_VALUE).put("int", -7).put("double", -2.2250738585072014E-308).put("float", 1.5e-30f)
                .put("yes", false).putNull("nothing");
        o.putArray("list").add(1).add("two").addObject().putArray("deeper").add(Double.MAX_VALUE).addNull();
        o.putObject("empty");
        return o;
    }

    static long written(Object value) {
        return ResultCheck.jsonBytes(value);
    }

    @Test
    void theBoundIsNeverBelowTheWrittenSize() {
        for (JsonNode node : List.<JsonNode>of(awkward(), Json.object(), Json.MAPPER.getNodeFactory().stringNode(
                "\u0001".repeat(1000)), Json.MAPPER.getNodeFactory().numberNode(Long.MIN_VALUE))) {
            assertThat(JsonBound.of(node)).as(node.toString()).isGreaterThanOrEqualTo(written(node));
        }
    }

    @Test
    void everyKindOfReportIsBoundedFromAbove() {
        List<JobReport> reports = List.of(new JobReport.Started(LEASE), new JobReport.Succeeded(LEASE, awkward()),
                new JobReport.Succeeded(LEASE, null),
                new JobReport.Failed(LEASE, new FailureInfo("handler_error", "\u0002 broke: \"quoted\"", true)),
                new JobReport.Failed(LEASE, new FailureInfo(null, null, false)),
                new JobReport.Progress(LEASE, "half \u0003 way", List.of("line \u0004 one", "", "\u00e9")),
                new JobReport.Progress(LEASE, null, null));
        for (JobReport report : reports) {
            assertThat(JsonBound.of(report)).as(report.toString()).isGreaterThanOrEqualTo(written(report));
        }
    }

    @Test
    void valuesThatAreNotCheapToBoundSaySo() {
        assertThat(JsonBound.of(Json.object().put("big", new java.math.BigDecimal("1e400"))))
                .isEqualTo(JsonBound.UNKNOWN);
        assertThat(JsonBound.of(Json.object().put("bytes", new byte[] {1, 2}))).isEqualTo(JsonBound.UNKNOWN);
        ObjectNode deep = Json.object();
        ObjectNode cursor = deep;
        for (int i = 0; i <= Json.MAX_DEPTH + 1; i++) {
            cursor = cursor.putObject("a");
        }
        assertThat(JsonBound.of(deep)).isEqualTo(JsonBound.UNKNOWN);
    }
}
