-- Lock events (docs/events.md): a lock whose lease ran out without a release keeps its row until its lock.expired is
-- committed with the row's removal. Rows that had lapsed before this version were told (or not) by the coordinator
-- they were taken through; they are removed here so that none is told again. Expiry is epoch millis.
DELETE FROM locks WHERE expires <= CAST(strftime('%s', 'now') AS INTEGER) * 1000;
