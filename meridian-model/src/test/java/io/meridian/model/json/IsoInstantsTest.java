package io.meridian.model.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {

    record Stamp(Instant at) {}

    @Test
    void readsBackWhatInstantWrites() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(0, 253_402_300_800L); // years 1970 to 9999
            int nanos = switch (i % 4) { // Instant.toString writes 0, 3, 6 or 9 fraction digits
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant at = Instant.ofEpochSecond(seconds, nanos);
            assertThat(IsoInstants.parse(at.toString())).as(at.toString()).isEqualTo(at);
        }
        Instant now = Instant.now();
        assertThat(Json.MAPPER.readValue(Json.writeBytes(new Stamp(now)), Stamp.class).at()).isEqualTo(now);
    }

    @Test
    void leavesOtherFormsToJacksonsReader() {
        assertThat(IsoInstants.parse("2026-12-06T05:11:22+01:00")).isNull();
        assertThat(Json.MAPPER.readValue("{\"at\":\"2026-12-06T05:11:22+01:00\"}", Stamp.class).at())
                .isEqualTo(Instant.parse("2026-12-06T04:11:22Z"));
        assertThat(IsoInstants.parse("2026-02-30T05:11:22Z")).isNull();
        assertThat(IsoInstants.parse("2026-12-06T24:11:22Z")).isNull();
        assertThat(IsoInstants.parse("2026-12-06T05:11:22.Z")).isNull();
        assertThat(IsoInstants.parse("2026-12-06T05:11:22.1234567890Z")).isNull();
        assertThat(IsoInstants.parse("2026-1x-06T05:11:22Z")).isNull();
        assertThat(IsoInstants.parse("2026-12-06T05:11:22.5Z")).isEqualTo(Instant.parse("2026-12-06T05:11:22.5Z"));
    }

    @Test
    void badInstantsAreStillRefused() {
        assertThatThrownBy(() -> Json.MAPPER.readValue("{\"at\":\"2026-02-30T05:11:22Z\"}", Stamp.class))
                .hasMessageContaining("2026-02-30");
        assertThatThrownBy(() -> Json.MAPPER.readValue("{\"at\":\"yesterday\"}", Stamp.class))
                .hasMessageContaining("yesterday");
    }
}
