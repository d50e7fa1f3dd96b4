-- Lock events (docs/events.md): a row whose lock id is empty is settled (released, or its lock.expired committed);
-- one past its expiry with a lock id lapsed without a release and is still to be told. Before this version a release
-- kept the lock id, and a lapsed lock was told by the coordinator it was taken through: every row already past its
-- expiry is settled here, so that none is told (again).
UPDATE locks SET lock_id = '' WHERE expires_at <= clock_timestamp();
