package io.pkcsconnector.loadgenerator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerTest {

    static final long MS = 1_000_000L;

    final List<Ledger.Request> finished = new ArrayList<>();
    final Ledger ledger = new Ledger(2, finished::add);

    @Test
    void aRequestIssuedAndDeliveredOnceIsNoDuplicate() {
        Ledger.Request request = ledger.submitted("r1", 0, Phase.STEADY, 0);
        ledger.accepted(request, "r1", 5 * MS);
        ledger.issued("r1", "0a", 100 * MS);
        assertThat(ledger.devicesAwaitingDelivery()).containsExactly(0);
        ledger.delivered("r1", 150 * MS, 140 * MS);

        assertThat(ledger.devicesAwaitingDelivery()).isEmpty();
        assertThat(ledger.duplicates()).isZero();
        assertThat(finished).containsExactly(request);
        Ledger.Counts m = ledger.measured();
        assertThat(m.issued).isEqualTo(1);
        assertThat(m.delivered).isEqualTo(1);
        assertThat(m.latency.getMaxValue()).isBetween(149_000L, 151_000L);
        assertThat(m.issueLatency.getMaxValue()).isBetween(99_000L, 101_000L);
        assertThat(m.inboxLatency.getMaxValue()).isBetween(139_000L, 141_000L);
    }

    @Test
    void theSameSerialPublishedAgainIsARepublicationNotADuplicate() {
        ledger.submitted("r1", 0, Phase.STEADY, 0);
        ledger.issued("r1", "0a", 10 * MS);
        ledger.issued("r1", "0a", 20 * MS);
        ledger.delivered("r1", 30 * MS, -1);
        assertThat(ledger.duplicates()).isZero();
        assertThat(ledger.measured().issued).isEqualTo(1);
    }

    @Test
    void aSecondSerialIsADuplicate() {
        ledger.submitted("r1", 0, Phase.STEADY, 0);
        ledger.submitted("r2", 1, Phase.STEADY, 0);
        ledger.issued("r1", "0a", 10 * MS);
        ledger.issued("r2", "0b", 10 * MS);
        ledger.delivered("r1", 20 * MS, -1);
        // Even after the request finished, a late second certificate is counted.
        ledger.issued("r1", "0c", 30 * MS);
        assertThat(ledger.duplicates()).isEqualTo(1);
        assertThat(ledger.requestsWithSeveralSerials()).isEqualTo(1);
        assertThat(ledger.requestsDeliveredTwice()).isZero();
    }

    @Test
    void aSecondDeliveryIsADuplicate() {
        ledger.submitted("r1", 0, Phase.STEADY, 0);
        ledger.issued("r1", "0a", 10 * MS);
        ledger.delivered("r1", 20 * MS, -1);
        ledger.delivered("r1", 25 * MS, -1);
        assertThat(ledger.duplicates()).isEqualTo(1);
        assertThat(ledger.requestsDeliveredTwice()).isEqualTo(1);
        assertThat(ledger.measured().delivered).isEqualTo(1);
        assertThat(finished).hasSize(1);
    }

    @Test
    void warmupDuplicatesCountButWarmupLatencyIsNotMeasured() {
        ledger.submitted("w1", 0, Phase.WARMUP, 0);
        ledger.issued("w1", "01", 10 * MS);
        ledger.issued("w1", "02", 10 * MS);
        ledger.delivered("w1", 20 * MS, -1);
        assertThat(ledger.duplicates()).isEqualTo(1);
        assertThat(ledger.measured().requests).isZero();
        assertThat(ledger.phase(Phase.WARMUP).delivered).isEqualTo(1);
    }

    @Test
    void anOutcomeThatBeatsTheRestAnswerIsKeptUntilTheIdIsKnown() {
        Ledger.Request request = ledger.submitted(null, 1, Phase.STEADY, 0);
        ledger.issued("r9", "0a", 40 * MS);
        assertThat(ledger.measured().issued).isZero();
        ledger.accepted(request, "r9", 50 * MS);
        assertThat(ledger.measured().issued).isEqualTo(1);
        assertThat(ledger.devicesAwaitingDelivery()).containsExactly(1);
        assertThat(ledger.foreignIssued()).isZero();
        ledger.delivered("r9", 60 * MS, -1);
        assertThat(ledger.measured().delivered).isEqualTo(1);
    }

    @Test
    void failureEventsSubmitErrorsAndTimeoutsAreFailures() {
        ledger.submitted("f1", 0, Phase.STEADY, 0);
        Ledger.Request rest = ledger.submitted(null, 0, Phase.STEADY, 0);
        ledger.submitted("slow", 1, Phase.STEADY, 0);
        ledger.submitted("issuedOnly", 1, Phase.STEADY, 0);
        ledger.failedEvent("f1", "templateViolation.unknownTemplate", 10 * MS);
        ledger.submitFailed(rest, "HTTP 500", 10 * MS);
        ledger.issued("issuedOnly", "0a", 10 * MS);

        assertThat(ledger.expire(500 * MS, 1_000 * MS)).isZero();
        assertThat(ledger.expire(1_000 * MS, 1_000 * MS)).isEqualTo(2);

        Ledger.Counts m = ledger.measured();
        assertThat(m.failed).isEqualTo(4);
        assertThat(m.failureEvents).isEqualTo(1);
        assertThat(m.submitErrors).isEqualTo(1);
        assertThat(m.timedOut).isEqualTo(2);
        assertThat(m.outstanding()).isZero();
        assertThat(ledger.devicesAwaitingDelivery()).isEmpty();
        assertThat(ledger.failureReasons())
                .containsEntry("templateViolation.unknownTemplate", 1L)
                .containsEntry("submit: HTTP 500", 1L)
                .containsEntry("timeout: not issued", 1L)
                .containsEntry("timeout: issued, not delivered", 1L);
        assertThat(finished).hasSize(4);
        // A delivery after the timeout changes nothing but the duplicate count.
        ledger.delivered("issuedOnly", 1_100 * MS, -1);
        assertThat(m.delivered).isZero();
        assertThat(finished).hasSize(4);
    }

    @Test
    void historicRequestsAreReissuedOnlyWhenTheyGainANewSerial() {
        ledger.historicIssued("old1", "0a");
        ledger.historicIssued("old2", "0b");
        ledger.issued("old1", "0a", 10 * MS);
        ledger.issued("old2", "0c", 10 * MS);
        ledger.issued("neverSeen", "0d", 10 * MS);
        assertThat(ledger.foreignReissued()).isEqualTo(1);
        assertThat(ledger.foreignIssued()).isEqualTo(3);
        assertThat(ledger.duplicates()).isZero();
    }

    @Test
    void throughputRunsFromTheFirstSubmissionToTheLastIssue() {
        ledger.submitted("a", 0, Phase.STEADY, 1_000 * MS);
        ledger.submitted("b", 1, Phase.STEADY, 1_500 * MS);
        ledger.issued("a", "01", 2_000 * MS);
        ledger.issued("b", "02", 3_000 * MS);
        assertThat(ledger.measured().issuedPerSecond()).isEqualTo(1.0);
    }

    @Test
    void snapshotsSeparateWarmupFromMeasurement() {
        ledger.submitted("w", 0, Phase.WARMUP, 0);
        ledger.submitted("m", 0, Phase.STEADY, 0);
        ledger.issued("m", "01", 10 * MS);
        assertThat(ledger.snapshot(true).submitted()).isEqualTo(1);
        assertThat(ledger.snapshot(true).issued()).isZero();
        assertThat(ledger.snapshot(false).issued()).isEqualTo(1);
        assertThat(ledger.snapshot(false).outstanding()).isEqualTo(1);
    }
}
