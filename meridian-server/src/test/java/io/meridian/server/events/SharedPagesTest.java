package io.meridian.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.event.EventType;
import io.meridian.store.event.EventRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** One page's joined frames are made once and shared; a page with events left out is never shared. */
class SharedPagesTest {
    static final Function<EventRecord, byte[]> FRAME = e -> ("id: " + e.sequence() + "\n\n")
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void aContiguousPageIsJoinedOnceAndTheSameArrayIsGivenToEveryReaderOfIt() {
        SharedPages pages = new SharedPages();
        List<EventRecord> events = EventTailTest.events(11, 15, EventType.JOB_QUEUED);
        byte[] first = pages.of(10, events, FRAME);
        assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo(expected(events));
        assertThat(pages.of(10, List.copyOf(events), FRAME)).isSameAs(first);
    }

    @Test
    void aLongerPageFromTheSamePositionIsADifferentPage() {
        SharedPages pages = new SharedPages();
        byte[] shorter = pages.of(10, EventTailTest.events(11, 13, EventType.JOB_QUEUED), FRAME);
        List<EventRecord> longer = EventTailTest.events(11, 15, EventType.JOB_QUEUED);
        byte[] joined = pages.of(10, longer, FRAME);
        assertThat(joined).isNotSameAs(shorter);
        assertThat(new String(joined, StandardCharsets.UTF_8)).isEqualTo(expected(longer));
    }

    @Test
    void aPageWithEventsLeftOutOrNotStartingRightAfterItsPositionIsNotShared() {
        SharedPages pages = new SharedPages();
        List<EventRecord> gap = List.of(EventTailTest.events(11, 11, EventType.JOB_QUEUED).getFirst(),
                EventTailTest.events(13, 13, EventType.JOB_QUEUED).getFirst());
        assertThat(pages.of(10, gap, FRAME)).isNull();
        assertThat(pages.of(9, EventTailTest.events(11, 12, EventType.JOB_QUEUED), FRAME)).isNull();
        assertThat(pages.of(10, List.of(), FRAME)).isNull();
    }

    @Test
    void pagesInTheSameSlotReplaceEachOtherSoMemoryStaysBounded() {
        SharedPages pages = new SharedPages();
        byte[] first = pages.of(0, EventTailTest.events(1, 2, EventType.JOB_QUEUED), FRAME);
        pages.of(SharedPages.SLOTS, EventTailTest.events(SharedPages.SLOTS + 1, SharedPages.SLOTS + 2,
                EventType.JOB_QUEUED), FRAME);
        byte[] again = pages.of(0, EventTailTest.events(1, 2, EventType.JOB_QUEUED), FRAME);
        assertThat(again).isNotSameAs(first).isEqualTo(first);
    }

    private static String expected(List<EventRecord> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        events.forEach(e -> out.writeBytes(FRAME.apply(e)));
        return out.toString(StandardCharsets.UTF_8);
    }
}
