package io.meridian.engine.queue;

import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The live jobs by id: a hash table of the entries themselves (open addressing, linear probing), keyed by their id.
 * A {@code HashMap<String, JobEntry>} costs a 32-byte node per job on top of its table; here a job costs only its
 * table slot (5 to 11 bytes at the load factors used), which at ten million queued jobs is some 300 MB less heap.
 * Removal shifts the following entries back (no tombstones), so lookups stay short after heavy churn. The table
 * grows at 3/4 full and shrinks below 1/8, so a queue that was deep does not keep its peak size. Not thread-safe:
 * used under the engine's state lock.
 */
final class LiveJobs {
    private static final int MIN_CAPACITY = 16;

    private JobEntry[] table = new JobEntry[MIN_CAPACITY];
    private int size;

    int size() {
        return size;
    }

    JobEntry get(String id) {
        int at = slotOf(id);
        return at < 0 ? null : table[at];
    }

    /** The slot holding the job with this id, or -1. */
    private int slotOf(String id) {
        long high = CompactJobIds.high(id);
        long low = high < 0 ? -1 : CompactJobIds.low(id);
        boolean compact = low >= 0;
        int hash = compact ? CompactJobIds.hash(high, low) : id.hashCode();
        int mask = table.length - 1;
        for (int i = home(hash, mask); ; i = (i + 1) & mask) {
            JobEntry e = table[i];
            if (e == null) {
                return -1;
            }
            if (e.hasId(id, compact, high, low)) {
                return i;
            }
        }
    }

    boolean containsKey(String id) {
        return get(id) != null;
    }

    /** Adds the job, or replaces the entry with the same id. */
    void put(JobEntry job) {
        if ((size + 1) * 4L > table.length * 3L) {
            resize(table.length * 2);
        }
        int mask = table.length - 1;
        for (int i = home(job.idHash(), mask); ; i = (i + 1) & mask) {
            JobEntry e = table[i];
            if (e == null) {
                table[i] = job;
                size++;
                return;
            }
            if (e.sameId(job)) {
                table[i] = job;
                return;
            }
        }
    }

    /** Removes and returns the entry with this id, or null. */
    JobEntry remove(String id) {
        int mask = table.length - 1;
        int hole = slotOf(id);
        if (hole < 0) {
            return null;
        }
        JobEntry removed = table[hole];
        // Shift back every later entry of the run that may move into the hole: one whose home slot is not
        // cyclically in (hole, j] would otherwise no longer be found from its home.
        for (int j = (hole + 1) & mask; table[j] != null; j = (j + 1) & mask) {
            int h = home(table[j].idHash(), mask);
            boolean staysPut = hole <= j ? hole < h && h <= j : hole < h || h <= j;
            if (!staysPut) {
                table[hole] = table[j];
                hole = j;
            }
        }
        table[hole] = null;
        size--;
        if (table.length > MIN_CAPACITY && size < table.length / 8) {
            resize(table.length / 2);
        }
        return removed;
    }

    /** The entries, in no particular order; a view (do not change the table while iterating it). */
    Collection<JobEntry> values() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<JobEntry> iterator() {
                JobEntry[] t = table;
                return new Iterator<>() {
                    private int next = advance(0);

                    private int advance(int from) {
                        int i = from;
                        while (i < t.length && t[i] == null) {
                            i++;
                        }
                        return i;
                    }

                    @Override
                    public boolean hasNext() {
                        return next < t.length;
                    }

                    @Override
                    public JobEntry next() {
                        if (next >= t.length) {
                            throw new NoSuchElementException();
                        }
                        JobEntry e = t[next];
                        next = advance(next + 1);
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    private static int home(int h, int mask) {
        return (h ^ (h >>> 16)) & mask;
    }

    private void resize(int capacity) {
        JobEntry[] old = table;
        table = new JobEntry[capacity];
        int mask = capacity - 1;
        for (JobEntry e : old) {
            if (e != null) {
                int i = home(e.idHash(), mask);
                while (table[i] != null) {
                    i = (i + 1) & mask;
                }
                table[i] = e;
            }
        }
    }
}
