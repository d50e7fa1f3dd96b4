package io.meridian.server.http;

import io.meridian.server.metrics.ServerMetrics;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Wraps Javalin's handler in Jetty to see each request end: only Jetty knows when the answer has been written
 * (or the connection failed), and that is when the request's admission slot is given back (a client that reads
 * slowly keeps using its class's share) and its duration is recorded. Routes leave what to release in
 * {@link Tracked}, a request attribute.
 */
final class RequestCompletion extends Handler.Wrapper {
    private static final String ATTRIBUTE = Tracked.class.getName();
    private final ServerMetrics metrics;

    RequestCompletion(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    /** What the API learnt about one request while handling it. */
    static final class Tracked {
        private volatile String template = "unmatched";
        private volatile Admission.Permit permit;

        void route(String routeTemplate) {
            template = routeTemplate;
        }

        void hold(Admission.Permit admitted) {
            permit = admitted;
        }

        private void release() {
            Admission.Permit p = permit;
            if (p != null) {
                p.release();
            }
        }
    }

    /** The request's record; Jetty's attributes reach through the servlet layer's wrappers. */
    static Tracked of(Request request) {
        return request.getAttribute(ATTRIBUTE) instanceof Tracked t ? t : new Tracked();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long start = System.nanoTime();
        Tracked tracked = new Tracked();
        request.setAttribute(ATTRIBUTE, tracked);
        Callback finishing = new Callback() {
            @Override
            public void succeeded() {
                finish(request, response, tracked, start);
                callback.succeeded();
            }

            @Override
            public void failed(Throwable x) {
                finish(request, response, tracked, start);
                callback.failed(x);
            }

            @Override
            public InvocationType getInvocationType() {
                return callback.getInvocationType();
            }
        };
        boolean handled = false;
        try {
            handled = super.handle(request, response, finishing);
            return handled;
        } finally {
            if (!handled) {
                tracked.release();
            }
        }
    }

    private void finish(Request request, Response response, Tracked tracked, long start) {
        tracked.release();
        metrics.request(request.getMethod(), tracked.template, response.getStatus(), System.nanoTime() - start);
    }
}
