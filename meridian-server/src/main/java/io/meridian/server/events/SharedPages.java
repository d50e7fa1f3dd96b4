package io.meridian.server.events;

import io.meridian.store.event.EventRecord;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * The server-sent-event bytes of whole pages of events, shared by the streams that read the same page. Readers
 * that follow every event (no filter) and have caught up wake together on the same commit, at the same position,
 * and read the same page: each of them used to write its 500 frames one by one through the servlet stream (a
 * million writes a second with 100 readers at 10,000 events/s); now the first one joins the frames once and every
 * stream writes that one array.
 *
 * <p>Only a contiguous page (every sequence from {@code after + 1} to its last, none skipped by a filter) is kept:
 * committed events never change, so such a page's bytes are determined by its range alone. The newest pages are
 * kept in a few slots chosen by their start; a page that finds its slot taken by another simply replaces it, so
 * the memory is at most {@link #SLOTS} pages (one page is at most {@link EventFollower#PAGE} frames).
 */
final class SharedPages {
    /** Enough for the handful of positions that caught-up readers are at, at once. */
    static final int SLOTS = 16;

    private record Entry(long after, long last, int count, byte[] bytes) {}

    private final AtomicReferenceArray<Entry> slots = new AtomicReferenceArray<>(SLOTS);

    /**
     * The frames of {@code events} (read after {@code after}) joined, from a slot when another stream made them,
     * else made now and kept; null when the page is not contiguous (it cannot be shared: the caller writes its
     * frames one by one).
     */
    byte[] of(long after, List<EventRecord> events, Function<EventRecord, byte[]> frame) {
        if (events.isEmpty()) {
            return null;
        }
        long last = events.getLast().sequence();
        if (events.getFirst().sequence() != after + 1 || last - after != events.size()) {
            return null;
        }
        int slot = (int) Math.floorMod(after, (long) SLOTS);
        Entry kept = slots.get(slot);
        if (kept != null && kept.after == after && kept.last == last && kept.count == events.size()) {
            return kept.bytes;
        }
        byte[] bytes = join(events, frame);
        // two streams making the same page at once both keep theirs: equal bytes, the later one stays
        slots.set(slot, new Entry(after, last, events.size(), bytes));
        return bytes;
    }

    private static byte[] join(List<EventRecord> events, Function<EventRecord, byte[]> frame) {
        byte[][] frames = new byte[events.size()][];
        int length = 0;
        for (int i = 0; i < frames.length; i++) {
            frames[i] = frame.apply(events.get(i));
            length += frames[i].length;
        }
        byte[] joined = new byte[length];
        int at = 0;
        for (byte[] f : frames) {
            System.arraycopy(f, 0, joined, at, f.length);
            at += f.length;
        }
        return joined;
    }
}
