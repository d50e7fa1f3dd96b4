package io.meridian.engine;

import io.meridian.engine.durability.GroupCommitter;
import io.meridian.engine.locks.LockService;
import io.meridian.store.StoreException;
import io.meridian.store.event.EventRecord;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A leader's lock changes: each runs on the group committer's thread, between batches, in its own store
 * transaction with its events, numbered by the committer so the log stays dense. The caller waits until it is
 * durable (or refused: the committer failed, or this coordinator stepped down).
 */
final class CommittedLockChanges implements LockService.Commits {

    private final GroupCommitter committer;

    CommittedLockChanges(GroupCommitter committer) {
        this.committer = committer;
    }

    @Override
    public <T> T commit(Function<UnaryOperator<List<EventRecord>>, T> change) {
        try {
            return committer.commitOwn(numbering -> change.apply(numbering::number)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new StoreException("lock change failed: " + e.getCause(), e.getCause());
        }
    }
}
