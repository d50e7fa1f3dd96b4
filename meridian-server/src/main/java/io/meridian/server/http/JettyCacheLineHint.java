package io.meridian.server.http;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Answers, before Jetty asks, how many object references fit in a CPU cache line (Jetty pads its queues with it).
 *
 * <p>WHY: without {@code org.eclipse.jetty.util.referencesPerCacheLine}, Jetty's {@code MemoryUtils} finds out
 * whether references are compressed through the platform MBean server. Creating that server registers every
 * platform MXBean, the flight recorder's among them, which parses the JDK's JFC settings files: about a fifth of a
 * second of a quiet server start, more under load, for one boolean. The diagnostic MXBean alone gives the same
 * answer without building the MBean server. An explicit {@code -D} setting is left as it is.
 */
final class JettyCacheLineHint {
    static final String PROPERTY = "org.eclipse.jetty.util.referencesPerCacheLine";
    /** Jetty's own default ({@code org.eclipse.jetty.util.cacheLineBytes}). */
    private static final int DEFAULT_CACHE_LINE_BYTES = 64;
    private static final String CACHE_LINE_PROPERTY = "org.eclipse.jetty.util.cacheLineBytes";

    private JettyCacheLineHint() {}

    /** Sets the property unless it is set already or the JVM cannot say (then Jetty asks in its own way). */
    static void apply() {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        Integer references = referencesPerCacheLine();
        if (references != null) {
            System.setProperty(PROPERTY, references.toString());
        }
    }

    /** Same arithmetic as Jetty: cache line bytes divided by 4 (compressed references) or 8; null if unknown. */
    static Integer referencesPerCacheLine() {
        int lineBytes;
        try {
            lineBytes = Integer.parseInt(System.getProperty(CACHE_LINE_PROPERTY,
                    String.valueOf(DEFAULT_CACHE_LINE_BYTES)));
        } catch (NumberFormatException e) {
            return null; // Jetty reports and handles a bad value itself
        }
        Boolean compressed = compressedReferences();
        if (compressed == null || lineBytes < 8) {
            return null;
        }
        return lineBytes / (compressed ? Integer.BYTES : Long.BYTES);
    }

    private static Boolean compressedReferences() {
        try {
            HotSpotDiagnosticMXBean diagnostic = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return diagnostic == null ? null
                    : Boolean.parseBoolean(diagnostic.getVMOption("UseCompressedOops").getValue());
        } catch (RuntimeException | LinkageError e) {
            return null; // not a HotSpot JVM, or the jdk.management module is absent
        }
    }
}
