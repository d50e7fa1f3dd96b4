package io.meridian.cli.command;

import io.meridian.engine.leader.LeaderElector;
import io.meridian.engine.leader.LeadershipSettings;
import io.meridian.store.Store;
import io.meridian.store.leader.Term;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code meridian run} on a store that coordinator servers may share (PostgreSQL, say) leads it the way a server
 * does: it takes the leadership lease and fences its writes with the term's epoch before its coordinator starts.
 * Without that, a run beside a leading server would be a second coordinator acting on the same jobs. If another
 * coordinator keeps leading, the run is refused and told where to submit instead. The embedded store is this
 * process's own, so it needs none of this.
 */
final class RunLeadership implements AutoCloseable {
    private final LeaderElector elector;

    private RunLeadership(LeaderElector elector) {
        this.elector = elector;
    }

    /** Leads {@code store} (waiting out a dead leader's lease) or refuses, naming the coordinator that leads. */
    static RunLeadership take(Store store, String where, LeadershipSettings settings) throws InterruptedException {
        String nodeId = "run-" + ProcessHandle.current().pid() + "@" + host();
        CountDownLatch elected = new CountDownLatch(1);
        Term[] won = new Term[1];
        LeaderElector elector = new LeaderElector(store.leadership(), nodeId, "meridian-run://" + nodeId, settings,
                System::nanoTime, new LeaderElector.Listener() {
                    @Override
                    public void elected(Term term) {
                        won[0] = term;
                        elected.countDown();
                    }

                    @Override
                    public void deposed(Term term, String reason) {
                        if (elected.getCount() == 0 && !reason.equals("shutting down")) {
                            System.err.println("warning: this run no longer leads " + where + " (" + reason
                                    + "); its writes are refused from now on");
                        }
                    }
                }).start();
        // A leader that died holds the lease until it lapses: one ttl and a retry.
        long waitMillis = settings.ttl().plus(settings.retry()).plus(settings.retry()).toMillis();
        if (!elected.await(waitMillis, TimeUnit.MILLISECONDS)) {
            String leader = elector.leader().map(l -> l.nodeId() + " at " + l.address()).orElse("another coordinator");
            elector.close();
            throw new IllegalArgumentException(leader + " leads " + where + ": a run would be a second coordinator "
                    + "on it. Submit there instead: meridian submit FILE --coordinator URL");
        }
        store.fence(won[0].epoch());
        return new RunLeadership(elector);
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    /** Resigns at once, so a server waiting for the lease takes over without waiting for it to lapse. */
    @Override
    public void close() {
        elector.close();
    }
}
