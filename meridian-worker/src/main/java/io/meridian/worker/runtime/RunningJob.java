package io.meridian.worker.runtime;

import io.meridian.protocol.lease.LeaseGrant;
import java.util.concurrent.atomic.AtomicBoolean;

/** A job this worker is running: its grant, context and thread. */
final class RunningJob {
    final LeaseGrant grant;
    final JobContext context;
    final AtomicBoolean settled = new AtomicBoolean();
    volatile Thread thread;

    RunningJob(LeaseGrant grant, JobContext context) {
        this.grant = grant;
        this.context = context;
    }

    /** Claims the right to report this job's outcome; only the first caller (handler, timeout, revoke) wins. */
    boolean settle() {
        return settled.compareAndSet(false, true);
    }

    void stop() {
        context.cancel();
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
