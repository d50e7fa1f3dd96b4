package io.meridian.engine.queue;

import io.meridian.engine.durability.UnitOfWork;

/** Told when a job reaches a terminal state, inside the same unit of work (the orchestrator listens). */
public interface JobOutcomeListener {
    void jobFinished(JobEntry job, UnitOfWork work);

    JobOutcomeListener NONE = (job, work) -> {};
}
