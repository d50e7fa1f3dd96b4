package io.meridian.model.execution;

/** A job was asked to move between two states that {@link JobTransitions} does not connect; nothing was changed. */
public final class IllegalJobTransition extends IllegalStateException {
    private final transient JobStatus from;
    private final transient JobStatus to;

    public IllegalJobTransition(String jobId, JobStatus from, JobStatus to) {
        super("job " + jobId + " cannot move from " + (from == null ? "(new)" : from.name().toLowerCase()) + " to "
                + (to == null ? "(none)" : to.name().toLowerCase()) + "; allowed from there: "
                + JobTransitions.next(from).stream().map(s -> s.name().toLowerCase()).sorted().toList());
        this.from = from;
        this.to = to;
    }

    public JobStatus from() {
        return from;
    }

    public JobStatus to() {
        return to;
    }
}
