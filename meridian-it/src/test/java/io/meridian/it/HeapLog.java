package io.meridian.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM's peak heap, read from its GC log ({@code -Xlog:gc:file=...}): the largest heap in use that any
 * collection found ("23M->3M(256M)": 23 MB before it). Works for a process killed with SIGKILL too, since the
 * log is written as it goes.
 */
final class HeapLog {
    private static final Pattern COLLECTION = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    private HeapLog() {
    }

    /** JVM options that write the GC log to {@code file}. */
    static String options(Path file) {
        return "-Xlog:gc:file=" + file;
    }

    /** The peak heap in use, in MB, seen at any collection (0 if none ran). */
    static long peakMb(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        long peak = 0;
        Matcher m = COLLECTION.matcher(Files.readString(file));
        while (m.find()) {
            peak = Math.max(peak, Math.max(mb(m.group(1), m.group(2)), mb(m.group(3), m.group(4))));
        }
        return peak;
    }

    private static long mb(String value, String unit) {
        long v = Long.parseLong(value);
        return switch (unit) {
            case "K" -> v / 1024;
            case "G" -> v * 1024;
            default -> v;
        };
    }
}
