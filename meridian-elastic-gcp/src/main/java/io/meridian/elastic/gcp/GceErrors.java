package io.meridian.elastic.gcp;

import com.google.api.client.http.HttpResponseException;
import com.google.api.gax.longrunning.OperationFuture;
import com.google.cloud.compute.v1.Error;
import com.google.cloud.compute.v1.Errors;
import com.google.cloud.compute.v1.Operation;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.meridian.elastic.provision.ProvisionException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Compute Engine's own words for a refusal. The client reports a failed call by its HTTP status ("Forbidden") and a
 * failed operation by its status ("SERVICE UNAVAILABLE"); what a user needs is in the error document ("Quota 'CPUS'
 * exceeded") and in the operation's error codes (ZONE_RESOURCE_POOL_EXHAUSTED).
 */
final class GceErrors {
    private static final String NO_SPOT = " (no spot capacity: the demand goes to the next pool that fits)";

    private GceErrors() {}

    /** Waits for an insert; a failed one is a {@link ProvisionException} with the operation's error codes. */
    static void check(OperationFuture<Operation, Operation> insert, Duration wait, String refusal, boolean spot)
            throws ProvisionException {
        try {
            Operation done = insert.get(wait.toSeconds(), TimeUnit.SECONDS);
            if (done.hasError() && done.getError().getErrorsCount() > 0) {
                throw refused(refusal, done.getError(), spot, null);
            }
        } catch (ExecutionException e) {
            Operation last = lastSeen(insert);
            if (last != null && last.hasError() && last.getError().getErrorsCount() > 0) {
                throw refused(refusal, last.getError(), spot, e);
            }
            throw new ProvisionException(refusal + ": " + describe(e.getCause() == null ? e : e.getCause()), e);
        } catch (TimeoutException e) {
            throw new ProvisionException(refusal + ": the insert did not finish within " + wait.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisionException(refusal + ": interrupted", e);
        }
    }

    /** The message of Compute Engine's error document when the failure carries one, else the exception's. */
    static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpResponseException h && h.getContent() != null) {
                try {
                    Struct.Builder doc = Struct.newBuilder();
                    JsonFormat.parser().ignoringUnknownFields().merge(h.getContent(), doc);
                    Value message = doc.getFieldsOrDefault("error", Value.getDefaultInstance()).getStructValue()
                            .getFieldsOrDefault("message", Value.getDefaultInstance());
                    if (!message.getStringValue().isEmpty()) {
                        return h.getStatusCode() + " " + message.getStringValue();
                    }
                } catch (InvalidProtocolBufferException e) {
                    return h.getStatusCode() + " " + h.getContent();
                }
            }
        }
        return failure.getMessage();
    }

    /** Whether Compute Engine took the insert (and made an operation for it), whatever became of it. */
    static boolean accepted(OperationFuture<Operation, Operation> insert) {
        try {
            insert.getInitialFuture().get(5, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true; // unknown: deleting what may not exist is the safe side
        }
    }

    private static Operation lastSeen(OperationFuture<Operation, Operation> insert) {
        try {
            return insert.peekMetadata().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static ProvisionException refused(String refusal, Error error, boolean spot, Throwable cause) {
        String codes = error.getErrorsList().stream().map(e -> e.getCode() + ": " + e.getMessage())
                .collect(Collectors.joining("; "));
        boolean capacity = error.getErrorsList().stream().map(Errors::getCode)
                .anyMatch(c -> c.contains("RESOURCE_POOL_EXHAUSTED") || c.contains("STOCKOUT"));
        return new ProvisionException(refusal + ": " + codes + (spot && capacity ? NO_SPOT : ""), cause);
    }
}
