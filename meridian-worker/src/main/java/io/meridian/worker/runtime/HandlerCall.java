package io.meridian.worker.runtime;

import io.meridian.protocol.lease.FailureInfo;
import io.meridian.protocol.lease.JobReport;
import io.meridian.protocol.lease.LeaseRef;
import io.meridian.protocol.lease.ResultCheck;
import io.meridian.worker.sdk.HandlerRegistry;
import io.meridian.worker.sdk.TaskFailure;
import io.meridian.worker.sdk.TaskHandler;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * One attempt of one job: finds the handler, runs it and checks its output at once. Whatever the handler throws
 * fails this attempt and never the worker: a missing class or a failed static initialiser included, with its
 * class and a truncated stack trace. Only {@link OutOfMemoryError} propagates.
 */
final class HandlerCall {
    private static final Logger log = LoggerFactory.getLogger(HandlerCall.class);

    private HandlerCall() {}

    /** @param started told once the handler is found, before it runs */
    static JobReport attempt(HandlerRegistry handlers, RunningJob job, String workerId, long maxResultBytes,
                             Consumer<JobReport> started) {
        LeaseRef lease = job.grant.lease();
        try {
            TaskHandler handler = handlers.find(job.grant.type()).orElseThrow(() -> new TaskFailure("unknown_type",
                    "no handler for stage type '" + job.grant.type() + "' on worker " + workerId
                            + " (known: " + handlers.types() + ")", true));
            started.accept(new JobReport.Started(lease));
            JsonNode output = handler.execute(job.context);
            return new JobReport.Succeeded(lease, ResultCheck.validated(output, maxResultBytes));
        } catch (ResultCheck.Refused r) {
            log.warn("Job {} attempt {} fails: {}", lease.jobId(), lease.attempt(), r.getMessage());
            return new JobReport.Failed(lease, r.failure());
        } catch (TaskFailure f) {
            return new JobReport.Failed(lease, HandlerErrors.described(f));
        } catch (InterruptedException e) {
            return new JobReport.Failed(lease, new FailureInfo("interrupted", "handler was interrupted", false));
        } catch (OutOfMemoryError oom) {
            throw oom;
        } catch (Throwable e) {
            log.warn("Job {} attempt {}: the handler threw {}", lease.jobId(), lease.attempt(), e.toString());
            return new JobReport.Failed(lease, HandlerErrors.unexpected(e));
        }
    }
}
