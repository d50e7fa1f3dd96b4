package io.meridian.engine.queue;

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

    /** Whether {@code id} has the compact form, so that {@link #text} of its {@link #high} and {@link #low} is it. */
    static boolean fits(String id) {
        if (id.length() != LENGTH || id.charAt(0) != PREFIX) {
            return false;
        }
        for (int i = 1; i < LENGTH; i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    static long high(String id) {
        return Long.parseLong(id, 1, 1 + HIGH_DIGITS, 16);
    }

    static long low(String id) {
        return Long.parseLong(id, 1 + HIGH_DIGITS, LENGTH, 16);
    }

    static String text(long high, long low) {
        char[] c = new char[LENGTH];
        c[0] = PREFIX;
        hex(high, c, 1, HIGH_DIGITS);
        hex(low, c, 1 + HIGH_DIGITS, LENGTH - 1 - HIGH_DIGITS);
        return new String(c);
    }

    private static void hex(long value, char[] into, int from, int digits) {
        for (int i = from + digits - 1; i >= from; i--) {
            into[i] = Character.forDigit((int) (value & 0xF), 16);
            value >>>= 4;
        }
    }

    static int hash(long high, long low) {
        return Long.hashCode(high * 0x9E3779B97F4A7C15L ^ low);
    }
}
