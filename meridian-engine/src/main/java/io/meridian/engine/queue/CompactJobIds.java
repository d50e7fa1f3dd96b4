package io.meridian.engine.queue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Job ids of the form {@link JobIds} makes for queued jobs ({@code j}, then 23 lowercase hex digits: 11 of
 * milliseconds, 6 of counter, 6 of node), kept as two longs instead of a String: a queue of ten million jobs would
 * otherwise spend some 64 bytes per job on a String and its byte array. Any other id (a stage job's, one from an
 * older version) stays a String; the two forms never name the same job, since the form decides which one is used.
 */
final class CompactJobIds {
    static final char PREFIX = 'j';
    static final int LENGTH = 24;
    /** Hex digits in the high long (the milliseconds); the low long holds the other 12. */
    private static final int HIGH_DIGITS = 11;

    private CompactJobIds() {}

    /** Each ASCII character's value as a lowercase hex digit, or -1. */
    private static final byte[] DIGIT = new byte[128];
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

    static {
        Arrays.fill(DIGIT, (byte) -1);
        for (int d = 0; d < 16; d++) {
            DIGIT[HEX[d]] = (byte) d;
        }
    }

    /** Whether {@code id} has the compact form, so that {@link #text} of its {@link #high} and {@link #low} is it. */
    static boolean fits(String id) {
        return high(id) >= 0 && low(id) >= 0;
    }

    /**
     * The id's high long (its milliseconds), or -1 when the id does not have the compact form's length, prefix and
     * digits there. Lookups parse every id they are given, so this is one pass with no exception and no allocation;
     * the value has 44 bits, so -1 cannot be one.
     */
    static long high(String id) {
        if (id.length() != LENGTH || id.charAt(0) != PREFIX) {
            return -1;
        }
        return digits(id, 1, 1 + HIGH_DIGITS);
    }

    /** The id's low long (counter and node), or -1 when those digits are not lowercase hex; {@link #high} first. */
    static long low(String id) {
        return digits(id, 1 + HIGH_DIGITS, LENGTH);
    }

    private static long digits(String id, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = id.charAt(i);
            int d = c < DIGIT.length ? DIGIT[c] : -1;
            if (d < 0) {
                return -1;
            }
            value = value << 4 | d;
        }
        return value;
    }

    static String text(long high, long low) {
        byte[] b = new byte[LENGTH];
        b[0] = PREFIX;
        hex(high, b, 1, HIGH_DIGITS);
        hex(low, b, 1 + HIGH_DIGITS, LENGTH - 1 - HIGH_DIGITS);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static void hex(long value, byte[] into, int from, int digits) {
        for (int i = from + digits - 1; i >= from; i--) {
            into[i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }

    static int hash(long high, long low) {
        return Long.hashCode(high * 0x9E3779B97F4A7C15L ^ low);
    }
}
