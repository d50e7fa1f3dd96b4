package io.meridian.tracing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Trace and span ids derived from Meridian's own ids, so that every coordinator (a new leader after a takeover
 * too) and every worker name the same span the same way without sharing any state: the trace of an execution is a
 * function of its id, a stage's span of (execution, stage), an attempt's span of (job, attempt).
 */
public final class TraceIds {
    private static final HexFormat HEX = HexFormat.of();

    private TraceIds() {}

    /** The 32-hex-digit trace id of an execution (or of a job submitted without one, from its job id). */
    public static String trace(String executionId, String jobId) {
        return executionId != null ? hex("x:" + executionId, 16) : hex("j:" + jobId, 16);
    }

    /** The span of the execution itself: the trace's root. */
    public static String executionSpan(String executionId) {
        return hex("xs:" + executionId, 8);
    }

    public static String stageSpan(String executionId, String stageId) {
        return hex("s:" + executionId + "/" + stageId, 8);
    }

    public static String attemptSpan(String jobId, int attempt) {
        return hex("a:" + jobId + "#" + attempt, 8);
    }

    /** A sampled W3C traceparent header value (version 00). */
    public static String traceparent(String traceId, String spanId) {
        return "00-" + traceId + "-" + spanId + "-01";
    }

    private static String hex(String key, int bytes) {
        byte[] digest = sha256().digest(key.getBytes(StandardCharsets.UTF_8));
        // an all-zero id is invalid in W3C trace context; a digest prefix of zeros is as unlikely as a collision
        return HEX.formatHex(digest, 0, bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
