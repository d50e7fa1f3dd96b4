package io.meridian.cli.command;

import io.meridian.cli.output.EventProgress;
import io.meridian.client.ApiException;
import io.meridian.client.EventFilter;
import io.meridian.client.EventListener;
import io.meridian.client.EventSubscription;
import io.meridian.client.MeridianClient;
import io.meridian.model.json.Json;
import io.meridian.protocol.api.CloudEvent;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * {@code submit --wait}'s progress from the coordinator's event stream: the client's subscription to the
 * execution's events (long polls of {@code /v1/events} that remember the last sequence delivered), shown per stage
 * as they arrive. A dropped connection or a change of leader is retried, resuming after the last event shown, so
 * no stage change is missed or shown twice. A coordinator without the event API (404) is polled instead.
 */
final class RemoteEventFollow {
    /** Without events for this long, the execution's status is read once (a stream can never wait forever). */
    private static final Duration QUIET = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(250);

    private RemoteEventFollow() {}

    /** Follows execution {@code id} until it ends; returns its document. */
    static JsonNode follow(MeridianClient client, String id, int stageCount, PrintStream out, boolean terminal)
            throws InterruptedException {
        EventFilter filter = new EventFilter(0, List.of(), id, 1000, 0);
        try {
            client.events(filter.withTypes(List.of("execution.created")));
        } catch (ApiException e) {
            if (e.status() != 404) {
                throw e;
            }
            out.println("The coordinator has no event stream (" + e.getMessage() + "); polling the execution");
            return poll(client, id);
        }
        EventProgress progress = new EventProgress(out, terminal, stageCount);
        try (EventSubscription ignored = client.subscribe(filter, new EventListener() {
            private boolean lost;

            @Override
            public void onEvent(CloudEvent event) {
                if (lost) {
                    out.printf("Event stream back; resuming after event %d%n", progress.lastSequence());
                    lost = false;
                }
                progress.offer(new EventProgress.Update(event.sequence(), shortType(event.type()),
                        event.data() == null ? java.util.Map.of() : event.data()));
            }

            @Override
            public void onRetry(RuntimeException failure) {
                if (!lost) {
                    out.printf("Event stream lost (%s); reconnecting%n", failure.getMessage());
                    lost = true;
                }
            }
        })) {
            progress.awaitEnd(QUIET, () -> isTerminal(read(client, id)));
        }
        return Json.toTree(client.execution(id));
    }

    private static JsonNode poll(MeridianClient client, String id) throws InterruptedException {
        JsonNode doc = read(client, id);
        while (!isTerminal(doc)) {
            Thread.sleep(POLL);
            doc = read(client, id);
        }
        return doc;
    }

    private static JsonNode read(MeridianClient client, String id) {
        try {
            return Json.toTree(client.execution(id));
        } catch (RuntimeException e) {
            // the coordinator is changing or restarting: the stream resumes by itself, look again later
            return Json.MAPPER.createObjectNode();
        }
    }

    static boolean isTerminal(JsonNode doc) {
        String s = doc.path("status").asString();
        return s.equals("succeeded") || s.equals("failed") || s.equals("cancelled");
    }

    private static String shortType(String type) {
        return type.startsWith(CloudEvent.TYPE_PREFIX) ? type.substring(CloudEvent.TYPE_PREFIX.length()) : type;
    }
}
