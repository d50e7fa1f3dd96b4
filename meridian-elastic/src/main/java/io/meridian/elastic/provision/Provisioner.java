package io.meridian.elastic.provision;

import io.meridian.elastic.pool.PoolSpec;
import io.meridian.elastic.pool.Provider;
import java.util.List;

/**
 * Starts and stops the workers of pools on one provider. The autoscaler decides how many; a provisioner only does
 * what it is told and says what it runs. Every implementation passes the same contract test
 * ({@code ProvisionerContract} in this module's tests).
 *
 * <p>A provisioned worker is given the id the provisioner chose and the label {@link PoolSpec#POOL_LABEL} naming its
 * pool, so the coordinator's registry and the provisioner's list can be joined by worker id.
 */
public interface Provisioner extends AutoCloseable {

    /** The provider whose pools this provisioner serves. */
    Provider provider();

    /**
     * Starts {@code count} more workers of {@code pool}; returns them (starting: they register on their own).
     *
     * @throws ProvisionException when the provider refuses or fails; nothing of this call is left running
     */
    List<ProvisionedWorker> start(PoolSpec pool, int count) throws ProvisionException;

    /**
     * Asks a worker to drain and stop: it takes no more jobs, finishes (or hands back) what it runs, deregisters
     * and exits. Returns at once; the worker leaves {@link #running} once it is gone. Unknown ids are ignored. The
     * autoscaler calls it only for a worker the coordinator has already drained and that holds no job
     * ({@code WorkerDrain}), so a scale-down hands nothing back; a worker still busy here is the server stopping.
     */
    void stop(String workerId);

    /** The workers of {@code pool} this provisioner started and that have not exited (starting ones included). */
    List<ProvisionedWorker> running(String pool);

    /**
     * Stops every worker this provisioner started (draining them, then killing what outlives the drain), unless the
     * workers belong to the provider rather than to this process: kubernetes workers stay, so that a coordinator
     * restarting does not drain the fleet, and the next leader's provisioner lists them as its own.
     */
    @Override
    void close();
}
