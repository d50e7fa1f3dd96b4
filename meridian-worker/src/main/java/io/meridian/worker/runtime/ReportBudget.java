package io.meridian.worker.runtime;

import io.meridian.protocol.lease.FailureInfo;
import io.meridian.protocol.lease.JobReport;
import io.meridian.protocol.lease.JsonBound;
import io.meridian.protocol.lease.ResultCheck;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits reports into exchanges the coordinator will read: each request body stays under its limit (told at
 * registration). A report that cannot fit even alone is cut down (a failure's message, progress and log lines)
 * or, for a result, turned into that job's failure: one report never blocks the ones behind it (issue 12).
 */
final class ReportBudget {
    /** Room for the request's own fields (ids, counts) around the reports. */
    static final long ENVELOPE_BYTES = 1024;
    /** Room per lease the worker asks to renew in the same request. */
    static final long BYTES_PER_HELD_LEASE = 128;
    /** Longest failure message reported; longer ones are cut (a stack of nested causes, a huge echo). */
    static final int MAX_MESSAGE_CHARS = 8 * 1024;

    private final long maxRequestBytes;

    /** {@code maxRequestBytes} 0 or less: no transport limit (the in-process coordinator). */
    ReportBudget(long maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes > 0 ? maxRequestBytes : Long.MAX_VALUE;
    }

    /** The reports in order, grouped so that each group (with {@code held} leases) fits one request. */
    List<List<JobReport>> chunks(List<JobReport> reports, int held) {
        if (maxRequestBytes == Long.MAX_VALUE || reports.isEmpty()) {
            return List.of(reports);
        }
        // Half the limit at least: a worker holding very many leases must still deliver results (a request that
        // is too large after all is answered 413, and the runtime then isolates what was refused).
        long room = Math.max(maxRequestBytes / 2, maxRequestBytes - ENVELOPE_BYTES - held * BYTES_PER_HELD_LEASE);
        if (clearlyFits(reports, room)) {
            return List.of(reports); // the usual case: nothing is written out to be counted
        }
        List<List<JobReport>> out = new ArrayList<>();
        List<JobReport> current = new ArrayList<>();
        long used = 0;
        for (JobReport report : reports) {
            long alone = sizeOf(report);
            JobReport fitted = alone <= room ? report : fitted(report, room);
            long size = (fitted == report ? alone : sizeOf(fitted)) + 1;
            if (!current.isEmpty() && used + size > room) {
                out.add(current);
                current = new ArrayList<>();
                used = 0;
            }
            current.add(fitted);
            used += size;
        }
        out.add(current);
        return out;
    }

    /** Whether an upper bound of the reports' sizes (with a comma each) is within {@code room}. */
    private static boolean clearlyFits(List<JobReport> reports, long room) {
        long bound = 0;
        for (JobReport report : reports) {
            bound += Math.min(JsonBound.of(report), room) + 1; // each term at most room + 1: no overflow
            if (bound > room) {
                return false;
            }
        }
        return true;
    }

    /** The report itself when it fits in {@code room} bytes, else a smaller one that says the same. */
    JobReport fitted(JobReport report, long room) {
        long size = sizeOf(report);
        if (size <= room) {
            return report;
        }
        return switch (report) {
            case JobReport.Succeeded s -> new JobReport.Failed(s.lease(), new FailureInfo("result_too_large",
                    "the job's result needs a " + size + "-byte report, over the coordinator's " + maxRequestBytes
                            + "-byte request limit (server.max_body_bytes); return less, or store it elsewhere "
                            + "and return a reference to it", true));
            case JobReport.Failed f -> new JobReport.Failed(f.lease(), new FailureInfo(cut(f.failure().type(), 64),
                    cut(f.failure().message(), (int) Math.min(MAX_MESSAGE_CHARS, room / 8)),
                    f.failure().nonRetryable()));
            case JobReport.Progress p -> new JobReport.Progress(p.lease(),
                    cut(p.message(), (int) Math.min(MAX_MESSAGE_CHARS, room / 8)), List.of());
            case JobReport.Started st -> st;
        };
    }

    /** A failure message no longer than the limit, saying how much was cut. */
    static FailureInfo bounded(FailureInfo failure) {
        String m = failure.message();
        return m == null || m.length() <= MAX_MESSAGE_CHARS ? failure
                : new FailureInfo(failure.type(), cut(m, MAX_MESSAGE_CHARS), failure.nonRetryable());
    }

    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Math.max(0, max);
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never split a character in two
        }
        return text.substring(0, end) + "… (" + (text.length() - end) + " more characters cut)";
    }

    static long sizeOf(JobReport report) {
        return ResultCheck.jsonBytes(report);
    }
}
