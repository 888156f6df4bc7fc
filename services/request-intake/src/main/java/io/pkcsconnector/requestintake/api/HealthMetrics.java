package io.pkcsconnector.requestintake.api;

import io.pkcsconnector.requestintake.persistence.ConnectorHealth;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** The Graph shapes of a connector health time series. */
public final class HealthMetrics {

    /** The only series there is: certificate issuance outcomes. */
    public static final String ISSUANCE = "issuance";

    /** Graph {@code certificateConnectorHealthMetricValue}: the outcomes in the bucket starting at dateTime. */
    public record Value(OffsetDateTime dateTime, long successCount, long failureCount) {}

    /** The answer, as Graph wraps the collection an action returns. */
    public record Series(List<Value> value) {

        static Series of(Map<Instant, ConnectorHealth.Counts> buckets) {
            return new Series(buckets.entrySet().stream()
                    .map(bucket -> new Value(
                            OffsetDateTime.ofInstant(bucket.getKey(), ZoneOffset.UTC),
                            bucket.getValue().success(),
                            bucket.getValue().failure()))
                    .toList());
        }
    }

    /** Graph {@code timeSeriesParameter}; {@code endDateTime} defaults to now. */
    public record TimeSeriesParameter(String metricName, OffsetDateTime startDateTime, OffsetDateTime endDateTime) {}

    /** The body of Graph's {@code getHealthMetricTimeSeries} action. */
    public record TimeSeriesRequest(TimeSeriesParameter timeSeries) {}

    private HealthMetrics() {}
}
