package io.meridian.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The hint gives Jetty the answer its MemoryUtils would work out through the platform MBean server. */
class JettyCacheLineHintTest {

    @Test
    void aHotSpotJvmAnswersFourOrEightBytesPerReferenceOfA64ByteLine() {
        // 64-byte lines: 16 compressed references or 8 full ones
        assertThat(JettyCacheLineHint.referencesPerCacheLine()).isIn(8, 16);
    }

    @Test
    void anExplicitSettingIsLeftAsItIs() {
        String before = System.getProperty(JettyCacheLineHint.PROPERTY);
        System.setProperty(JettyCacheLineHint.PROPERTY, "3");
        try {
            JettyCacheLineHint.apply();
            assertThat(System.getProperty(JettyCacheLineHint.PROPERTY)).isEqualTo("3");
        } finally {
            if (before == null) {
                System.clearProperty(JettyCacheLineHint.PROPERTY);
            } else {
                System.setProperty(JettyCacheLineHint.PROPERTY, before);
            }
        }
    }
}
