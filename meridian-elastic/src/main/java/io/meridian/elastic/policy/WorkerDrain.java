package io.meridian.elastic.policy;

/**
 * Where the autoscaler drains a worker before its provisioner stops it: the coordinator that hands out jobs. A
 * scale-down first asks the coordinator to give the worker no new job, and stops the worker only once it holds
 * none, so no running job is killed or handed back because a pool shrank.
 */
public interface WorkerDrain {

    /**
     * Gives the worker no new job from now on; it keeps and finishes the ones it holds. Asked again every tick while
     * the worker drains (a worker restarted under the same id registers afresh). Returns how many jobs it still holds,
     * or -1 when it is not registered.
     */
    int drain(String workerId);

    /** Gives a draining worker jobs again: demand came back before it was stopped. */
    void undrain(String workerId);

    /**
     * For provisioners whose stop already means "take no new job and leave once idle" (the benchmark's simulated
     * fleet): every worker counts as idle at once, so it is stopped as soon as it is chosen.
     */
    WorkerDrain BY_PROVISIONER = new WorkerDrain() {
        @Override
        public int drain(String workerId) {
            return 0;
        }

        @Override
        public void undrain(String workerId) {}
    };
}
