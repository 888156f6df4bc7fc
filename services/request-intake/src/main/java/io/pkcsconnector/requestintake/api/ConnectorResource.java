package io.pkcsconnector.requestintake.api;

import io.pkcsconnector.requestintake.ConnectorFleet;
import io.pkcsconnector.requestintake.HealthMetricRange;
import io.pkcsconnector.requestintake.config.IntakeConfig;
import io.pkcsconnector.requestintake.persistence.ConnectorHealth;
import io.pkcsconnector.requestintake.persistence.ConnectorInstanceEntity;
import io.pkcsconnector.servicecommon.api.ProblemException;
import io.pkcsconnector.servicecommon.security.Caller;
import io.pkcsconnector.servicecommon.security.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The connector fleet, as Graph's {@code certificateConnectorDetails}. Connectors are deployment-wide shared
 * infrastructure, not owned by a tenant: every tenant's admin sees the whole fleet (instances, versions,
 * statuses). The health series are the exception: they count only the caller's tenant's requests, so no tenant
 * learns another's issuance volume.
 *
 * <p>Status: {@code inactive} when the instance has not checked in for {@code pkcs.intake.connectors.inactive-after},
 * whatever its version; otherwise {@code error} when a newer release came out more than the support window ago,
 * {@code warning} when less, else {@code active}.
 */
@Path("/v1/connectors")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class ConnectorResource {

    @Inject
    Caller caller;

    @Inject
    ConnectorFleet fleet;

    @Inject
    ConnectorHealth health;

    @Inject
    IntakeConfig config;

    private final Clock clock = Clock.systemUTC();

    @GET
    @WithSession
    public Uni<List<ConnectorDetails>> list() {
        caller.tenantId();
        return overview()
                .map(overview ->
                        overview.connectors().stream().map(ConnectorDetails::of).toList());
    }

    @GET
    @Path("/summary")
    @WithSession
    public Uni<ConnectorFleetSummary> summary() {
        caller.tenantId();
        return overview().map(ConnectorFleetSummary::of);
    }

    @GET
    @Path("/{id}")
    @WithSession
    public Uni<ConnectorDetails> get(@PathParam("id") String id) {
        caller.tenantId();
        // Judged within the fleet, so that versionMismatch compares with the other instances.
        return overview().map(overview -> overview.connectors().stream()
                .filter(assessed -> assessed.connector().id().equals(id))
                .findFirst()
                .map(ConnectorDetails::of)
                .orElseThrow(() -> unknown(id)));
    }

    /** Issuance outcomes of the caller's tenant per bucket, all connectors together. */
    @GET
    @Path("/health-metrics")
    @WithSession
    public Uni<HealthMetrics.Series> fleetHealthMetrics(
            @QueryParam("start") String start, @QueryParam("end") String end, @QueryParam("interval") String interval) {
        String tenant = caller.tenantId();
        HealthMetricRange range = range(
                HealthMetricRange.parseTime(start, "start"),
                HealthMetricRange.parseTime(end, "end"),
                HealthMetricRange.parseInterval(interval));
        return health.series(tenant, null, range).map(HealthMetrics.Series::of);
    }

    /** Issuance outcomes of the caller's tenant per bucket through one connector. */
    @GET
    @Path("/{id}/health-metrics")
    @WithSession
    public Uni<HealthMetrics.Series> healthMetrics(
            @PathParam("id") String id,
            @QueryParam("start") String start,
            @QueryParam("end") String end,
            @QueryParam("interval") String interval) {
        String tenant = caller.tenantId();
        HealthMetricRange range = range(
                HealthMetricRange.parseTime(start, "start"),
                HealthMetricRange.parseTime(end, "end"),
                HealthMetricRange.parseInterval(interval));
        return series(tenant, id, range);
    }

    /**
     * Graph's {@code getHealthMetricTimeSeries} action: {@code {"timeSeries": {"metricName", "startDateTime",
     * "endDateTime"}}}. {@code metricName} may be left out or be {@code issuance}, the only series; the interval is
     * the finest that fits unless {@code ?interval=} names one.
     */
    @POST
    @Path("/{id}/getHealthMetricTimeSeries")
    @Consumes(MediaType.APPLICATION_JSON)
    @WithSession
    public Uni<HealthMetrics.Series> getHealthMetricTimeSeries(
            @PathParam("id") String id, @QueryParam("interval") String interval, HealthMetrics.TimeSeriesRequest body) {
        String tenant = caller.tenantId();
        HealthMetrics.TimeSeriesParameter parameter = body == null ? null : body.timeSeries();
        if (parameter == null) {
            throw ProblemException.badRequest("missing-body", "A JSON body {\"timeSeries\": {...}} is required");
        }
        String metric = parameter.metricName();
        if (metric != null && !metric.isBlank() && !HealthMetrics.ISSUANCE.equals(metric)) {
            throw ProblemException.badRequest(
                    "unknown-metric", "metricName must be '" + HealthMetrics.ISSUANCE + "' (or left out)");
        }
        HealthMetricRange range = range(
                parameter.startDateTime() == null
                        ? null
                        : parameter.startDateTime().toInstant(),
                parameter.endDateTime() == null ? null : parameter.endDateTime().toInstant(),
                HealthMetricRange.parseInterval(interval));
        return series(tenant, id, range);
    }

    private Uni<HealthMetrics.Series> series(String tenant, String id, HealthMetricRange range) {
        return ConnectorInstanceEntity.<ConnectorInstanceEntity>findById(id).chain(connector -> {
            if (connector == null) {
                throw unknown(id);
            }
            return health.series(tenant, id, range).map(HealthMetrics.Series::of);
        });
    }

    private HealthMetricRange range(Instant start, Instant end, java.time.Duration interval) {
        return HealthMetricRange.of(
                start,
                end,
                interval,
                clock.instant(),
                config.connectors().healthMetrics().maxBuckets());
    }

    private Uni<ConnectorFleet.Overview> overview() {
        return ConnectorInstanceEntity.all()
                .map(all -> fleet.assess(
                        all.stream().map(ConnectorInstanceEntity::toConnector).toList(), clock.instant()));
    }

    private static ProblemException unknown(String id) {
        return ProblemException.notFound("unknown-connector", "Connector '" + id + "' is not known");
    }
}
