package io.meridian.store.postgres;

import static io.meridian.store.StoreFixtures.at;
import static io.meridian.store.StoreFixtures.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.model.execution.JobStatus;
import io.meridian.store.JobRecord;
import io.meridian.store.StoreWrite.PutJob;
import io.meridian.store.leader.FencedException;
import io.meridian.store.leader.Term;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * A commit in flight while another coordinator takes over either lands before the takeover or is refused.
 * The deterministic tests hold one side open at a chosen point with a plain connection and watch the other
 * side wait for it in {@code pg_stat_activity}; the last one races the two for real.
 */
class FencedCommitRaceTest extends FreshSchema {

    private static final Duration LONG = Duration.ofMinutes(5);
    private PostgresStore a;
    private PostgresStore b;
    private Connection admin;
    /** Not the common pool: on a two-core machine it has one thread, and the two sides must run at once. */
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void twoCoordinators() throws SQLException {
        store.close();
        store = TestPostgres.openStore(schema, "ApplicationName=" + schema + "-a");
        a = store;
        b = TestPostgres.openStore(schema, "ApplicationName=" + schema + "-b");
        admin = TestPostgres.connect(LocationParser.parse(TestPostgres.location(schema)));
        admin.setAutoCommit(false);
    }

    @AfterEach
    void closeSecond() throws SQLException {
        admin.close();
        b.close();
        threads.close();
    }

    @Test
    void aTakeoverWaitsForACommitThatPassedTheFenceAndTheCommitLands() throws Exception {
        Term old = a.leadership().acquire("a", "http://a", Duration.ofSeconds(1)).orElseThrow();
        a.fence(old.epoch());
        JobRecord blocker = queuedJob("blocker", at(0));
        a.commit(List.of(new PutJob(blocker)));
        lockRow("SELECT id FROM jobs WHERE id = 'blocker' FOR UPDATE");

        // a's commit passes the fence, then waits for the row the admin connection holds
        CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> a.commit(List.of(
                new PutJob(queuedJob("in-flight", at(1))),
                new PutJob(blocker.with(io.meridian.store.StoreFixtures.state(JobStatus.LEASED, 1, at(2)))))), threads);
        awaitWaiting(schema + "-a");
        await().atMost(Duration.ofSeconds(10)).until(() -> b.leadership().leader().isEmpty());

        CompletableFuture<Term> takeover = CompletableFuture.supplyAsync(
                () -> b.leadership().acquire("b", "http://b", LONG).orElseThrow(), threads);
        awaitWaiting(schema + "-b");
        assertThat(takeover).as("the takeover waits for the fenced commit").isNotDone();

        admin.rollback();
        commit.get();
        Term next = takeover.get();

        assertThat(next.epoch()).isEqualTo(old.epoch() + 1);
        assertThat(b.job("in-flight")).isPresent();
        assertThat(b.job("blocker").orElseThrow().state().status()).isEqualTo(JobStatus.LEASED);
    }

    @Test
    void aCommitThatReachesTheFenceDuringATakeoverWaitsAndIsRefused() throws Exception {
        Term old = a.leadership().acquire("a", "http://a", LONG).orElseThrow();
        a.fence(old.epoch());
        // another node's takeover, caught between its UPDATE and its COMMIT
        lockRow("UPDATE leadership SET epoch = epoch + 1, node_id = 'b', address = 'http://b', "
                + "expires_at = clock_timestamp() + interval '5 minutes'");

        CompletableFuture<Void> commit = CompletableFuture.runAsync(
                () -> a.commit(List.of(new PutJob(queuedJob("refused", at(1))))), threads);
        awaitWaiting(schema + "-a");
        admin.commit();

        assertThat(commit).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                .havingRootCause().isInstanceOf(FencedException.class);
        assertThat(b.job("refused")).isEmpty();
    }

    @RepeatedTest(3)
    void commitsRacingATakeoverEitherLandBeforeItOrAreRefused() throws Exception {
        Term old = a.leadership().acquire("a", "http://a", Duration.ofMillis(300)).orElseThrow();
        a.fence(old.epoch());
        Map<String, Boolean> landed = new ConcurrentHashMap<>();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            int refusals = 0;
            for (int i = 0; refusals < 20; i++) {
                String id = "w" + i;
                try {
                    a.commit(List.of(new PutJob(queuedJob(id, at(i)))));
                    landed.put(id, true);
                } catch (FencedException e) {
                    landed.put(id, false);
                    refusals++;
                }
            }
        }, threads);

        LeadershipTest.awaitLeadership(b, "b");
        Set<String> atTakeover = waitingJobIds();
        writer.get();

        Set<String> accepted = landed.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        assertThat(accepted).as("commits that returned").isNotEmpty();
        assertThat(atTakeover).as("every accepted commit landed before the takeover").containsAll(accepted);
        assertThat(waitingJobIds()).as("nothing landed after it").isEqualTo(accepted);
    }

    private Set<String> waitingJobIds() {
        return b.jobsByStatus(Set.of(JobStatus.WAITING), 1_000_000).stream().map(JobRecord::id)
                .collect(Collectors.toSet());
    }

    private void lockRow(String sql) throws SQLException {
        try (Statement s = admin.createStatement()) {
            s.execute(sql);
        }
    }

    /** Until a backend of this application waits for a lock (a row lock shows as a transactionid or tuple lock). */
    private void awaitWaiting(String applicationName) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (Connection c = TestPostgres.connect(LocationParser.parse(TestPostgres.LOCATION));
                 PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity "
                         + "WHERE application_name = ? AND wait_event_type = 'Lock'")) {
                ps.setString(1, applicationName);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) > 0;
                }
            }
        });
    }
}
