package io.meridian.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.json.Json;
import io.meridian.protocol.lease.ExchangeRequest;
import io.meridian.protocol.lease.FailureInfo;
import io.meridian.protocol.lease.JobReport;
import io.meridian.protocol.lease.LeaseRef;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportBudgetTest {
    static final int LIMIT = 16 * 1024;

    static JobReport result(int i, int chars) {
        return new JobReport.Succeeded(new LeaseRef("job-" + i, 1), Json.object().put("text", "x".repeat(chars)));
    }

    static long requestBytes(List<JobReport> reports, int held) {
        List<LeaseRef> leases = new ArrayList<>();
        for (int i = 0; i < held; i++) {
            leases.add(new LeaseRef("held-job-with-a-long-identifier-" + i, 3));
        }
        return Json.writeBytes(new ExchangeRequest("worker-1", "incarnation-1", reports, leases, 4, 0, 4,
                "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")).length;
    }

    @Test
    void everyExchangeStaysUnderTheRequestLimitAndKeepsTheOrder() {
        List<JobReport> reports = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            reports.add(result(i, 1000 + 97 * i % 3000));
        }
        var chunks = new ReportBudget(LIMIT).chunks(reports, 20);

        assertThat(chunks).hasSizeGreaterThan(1);
        assertThat(chunks).allSatisfy(c -> assertThat(requestBytes(c, 20)).isLessThanOrEqualTo(LIMIT));
        assertThat(chunks.stream().flatMap(List::stream).toList()).isEqualTo(reports);
    }

    @Test
    void withoutALimitEverythingGoesInOneExchange() {
        List<JobReport> reports = List.of(result(1, 100_000), result(2, 100_000));
        assertThat(new ReportBudget(0).chunks(reports, 0)).containsExactly(reports);
    }

    @Test
    void aResultThatCannotFitEvenAloneBecomesThatJobsFailureNamingTheLimit() {
        var chunks = new ReportBudget(LIMIT).chunks(List.of(result(1, 10), result(2, LIMIT), result(3, 10)), 0);
        List<JobReport> flat = chunks.stream().flatMap(List::stream).toList();

        assertThat(flat).hasSize(3);
        assertThat(flat.get(1)).isInstanceOfSatisfying(JobReport.Failed.class, f -> {
            assertThat(f.failure().type()).isEqualTo("result_too_large");
            assertThat(f.failure().nonRetryable()).isTrue();
            assertThat(f.failure().message()).contains(LIMIT + "-byte request limit", "server.max_body_bytes");
        });
        assertThat(flat.get(0)).isEqualTo(result(1, 10));
    }

    @Test
    void hugeFailureMessagesAndProgressAreCutToFit() {
        LeaseRef lease = new LeaseRef("job-1", 1);
        JobReport failed = new JobReport.Failed(lease, new FailureInfo("handler_error", "é".repeat(LIMIT), false));
        JobReport progress = new JobReport.Progress(lease, "p".repeat(LIMIT), List.of("line".repeat(LIMIT)));
        var chunks = new ReportBudget(LIMIT).chunks(List.of(failed, progress), 0);

        assertThat(chunks).allSatisfy(c -> assertThat(requestBytes(c, 0)).isLessThanOrEqualTo(LIMIT));
        JobReport.Failed cut = (JobReport.Failed) chunks.getFirst().getFirst();
        assertThat(cut.failure().message()).contains("more characters cut");
        assertThat(cut.failure().nonRetryable()).isFalse();
    }

    @Test
    void aFailureMessageAtTheCapIsKeptAndOneCharacterMoreIsCut() {
        FailureInfo atCap = new FailureInfo("handler_error", "m".repeat(ReportBudget.MAX_MESSAGE_CHARS), false);
        assertThat(ReportBudget.bounded(atCap)).isSameAs(atCap);
        FailureInfo over = new FailureInfo("handler_error", "m".repeat(ReportBudget.MAX_MESSAGE_CHARS + 1), false);
        assertThat(ReportBudget.bounded(over).message()).endsWith("… (1 more characters cut)");
    }
}
