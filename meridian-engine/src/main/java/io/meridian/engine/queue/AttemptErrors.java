package io.meridian.engine.queue;

import io.meridian.protocol.lease.FailureInfo;

/**
 * A job's error text as the history of its failed attempts, latest first: "type: message (attempt N)" of the
 * latest, then "earlier: ..." for each attempt before it. It stays after a later attempt succeeds, so the API
 * and {@code meridian status} show why a job needed retries. Bounded: the oldest attempts are cut first, the latest is kept whole.
 */
final class AttemptErrors {
    /** Room for the latest attempt's full error (a worker bounds one to 8 KiB) and a few earlier ones. */
    static final int MAX_CHARS = 16 * 1024;
    static final String EARLIER = "\n\nearlier: ";
    private static final String CUT = "\n... (older attempts cut)";

    private AttemptErrors() {}

    /** @param previous the job's error so far: null when no attempt failed yet */
    static String add(String previous, int attempt, FailureInfo failure) {
        String latest = failure.type() + ": " + failure.message() + "\n(attempt " + attempt + ")";
        if (previous == null || previous.isEmpty()) {
            return latest;
        }
        // the latest attempt is kept whole (the coordinator already bounds one error); older ones make room
        int room = MAX_CHARS - latest.length() - EARLIER.length();
        if (room <= CUT.length()) {
            return latest + CUT;
        }
        return latest + EARLIER + (previous.length() <= room ? previous
                : previous.substring(0, room - CUT.length()) + CUT);
    }
}
