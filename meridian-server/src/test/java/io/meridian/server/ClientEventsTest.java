package io.meridian.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meridian.client.ApiException;
import io.meridian.client.CoordinatorAddresses;
import io.meridian.client.EventFilter;
import io.meridian.client.EventSubscription;
import io.meridian.client.MeridianClient;
import io.meridian.model.event.EventType;
import io.meridian.protocol.api.CloudEvent;
import io.meridian.protocol.api.EventPage;
import io.meridian.store.event.EventRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Java client's event API: pages read into records, and a subscription delivering every event in order. */
class ClientEventsTest {
    final TestServer server = new TestServer();
    final MeridianClient client = new MeridianClient(
            CoordinatorAddresses.parse("http://127.0.0.1:" + server.server.port()), TestServer.CLIENT);

    ClientEventsTest() throws Exception {}

    @AfterEach
    void stop() {
        server.close();
    }

    void announce(EventType type, String subject) {
        server.coordinator.announce(EventRecord.unnumbered(type, Instant.now(), null, subject, Map.of("n", 1)));
    }

    @Test
    void aPageReadsIntoRecordsAndAnUnknownTypeIsRefused() {
        announce(EventType.LOCK_ACQUIRED, "a");
        announce(EventType.LOCK_RELEASED, "a");
        EventPage page = client.events(EventFilter.after(0).withTypes(List.of("lock.released")));
        assertThat(page.events()).singleElement().satisfies(e -> {
            assertThat(e.shortType()).isEqualTo("lock.released");
            assertThat(e.sequence()).isEqualTo(2);
            assertThat(e.data()).containsEntry("n", 1);
        });
        assertThat(page.next()).isEqualTo(2);
        assertThatThrownBy(() -> client.events(EventFilter.after(0).withTypes(List.of("lock.stolen"))))
                .isInstanceOf(ApiException.class).hasMessageContaining("unknown event type 'lock.stolen'");
    }

    @Test
    void aSubscriptionDeliversEveryMatchingEventInOrderAsItCommits() throws Exception {
        announce(EventType.LOCK_ACQUIRED, "before");
        List<CloudEvent> heard = new CopyOnWriteArrayList<>();
        try (EventSubscription s = client.subscribe(EventFilter.after(0).withTypes(List.of("lock.acquired")),
                heard::add)) {
            for (int i = 0; i < 50; i++) {
                announce(i % 2 == 0 ? EventType.LOCK_ACQUIRED : EventType.LOCK_RELEASED, "r" + i);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> heard.size() == 26);
            assertThat(heard).extracting(CloudEvent::subject).first().isEqualTo("before");
            assertThat(heard).extracting(CloudEvent::sequence).isSorted().doesNotHaveDuplicates();
            assertThat(heard).allMatch(e -> e.shortType().equals("lock.acquired"));
            await().atMost(Duration.ofSeconds(30)).until(() -> s.lastSequence() >= 50);
        }
    }
}
