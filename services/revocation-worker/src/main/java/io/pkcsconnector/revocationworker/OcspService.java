package io.pkcsconnector.revocationworker;

import io.agroal.api.AgroalDataSource;
import io.pkcsconnector.pki.OcspRequestException;
import io.pkcsconnector.pki.OcspResponder;
import io.pkcsconnector.pki.OcspResponder.CertStatus;
import io.pkcsconnector.pki.SerialNumbers;
import io.pkcsconnector.revocationworker.config.RevocationConfig;
import io.pkcsconnector.servicecommon.api.Problem;
import io.pkcsconnector.servicecommon.api.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Answers OCSP requests from the projection of issued certificates: {@code good} for a certificate this CA issued
 * and did not revoke, {@code revoked} with its time and reason from the moment the revocation committed (before any
 * CRL shows it), {@code unknown} for anything else. Blocking (JDBC, signing): called on worker threads.
 */
@ApplicationScoped
public class OcspService {

    private static final Logger LOG = Logger.getLogger(OcspService.class);

    /** OCSPResponseStatus values (RFC 6960 4.2.1). */
    public static final int MALFORMED_REQUEST = 1;

    public static final int INTERNAL_ERROR = 2;
    public static final int TRY_LATER = 3;

    /** A signed answer, with what HTTP caching needs. */
    public record Answer(byte[] der, boolean hasNonce, Instant thisUpdate, Instant nextUpdate) {
        public long maxAgeSeconds() {
            return Math.max(0, Duration.between(Instant.now(), nextUpdate).toSeconds());
        }
    }

    private final AgroalDataSource dataSource;
    private final RevocationCa ca;
    private final RevocationConfig.Ocsp config;
    /** Replaced by a new delegated signer once a third of the current one's lifetime is left. */
    private volatile OcspResponder responder;

    private final RevocationMetrics metrics;
    private final Duration responseValidity;
    private final int maxRequestBytes;
    private final String lookupSql;
    private final String caId;

    OcspService(
            AgroalDataSource dataSource,
            RevocationCa ca,
            RevocationConfig config,
            RevocationMetrics metrics,
            @ConfigProperty(name = "quarkus.hibernate-orm.database.default-schema") String schema) {
        this.dataSource = dataSource;
        this.ca = ca;
        this.config = config.ocsp();
        this.metrics = metrics;
        this.responseValidity = config.ocsp().responseValidity();
        this.maxRequestBytes = config.ocsp().maxRequestBytes();
        this.responder = newResponder();
        this.lookupSql = "SELECT serial_number, status, revoked_at, reason_code FROM " + schema
                + ".issued_certificate WHERE serial_number = ANY (?) AND ca_id = ?";
        this.caId = ca.authority().caId();
        LOG.infof(
                "OCSP responses signed by %s (%s), valid %s",
                config.ocsp().signer() == RevocationConfig.Signer.ca ? "the issuing CA" : "a delegated OCSP signer",
                responder.signerCertificate().getSubjectX500Principal().getName(),
                responseValidity);
    }

    private OcspResponder newResponder() {
        return config.signer() == RevocationConfig.Signer.ca
                ? OcspResponder.signedByCa(ca.authority(), responseValidity)
                : OcspResponder.delegated(ca.authority(), config.signerValidity(), responseValidity);
    }

    /**
     * The responder to sign with: a delegated signer certificate is never renewed, so a new one (new key, new
     * certificate) replaces it once less than a third of its lifetime is left; responses never outlive their signer.
     */
    OcspResponder responder() {
        OcspResponder current = responder;
        if (config.signer() == RevocationConfig.Signer.ca) {
            return current;
        }
        Instant notAfter = current.signerCertificate().getNotAfter().toInstant();
        if (Duration.between(Instant.now(), notAfter)
                                .compareTo(config.signerValidity().dividedBy(3))
                        > 0
                || !notAfter.isBefore(
                        ca.authority().issuingCertificate().getNotAfter().toInstant())) {
            return current; // still young, or capped by the CA's own expiry: a new one would not live longer
        }
        synchronized (this) {
            if (responder == current) {
                responder = newResponder();
                LOG.infof(
                        "New delegated OCSP signer, valid until %s (the previous one expires %s)",
                        responder.signerCertificate().getNotAfter().toInstant(), notAfter);
            }
            return responder;
        }
    }

    public int maxRequestBytes() {
        return maxRequestBytes;
    }

    public byte[] error(int ocspResponseStatus) {
        metrics.ocsp(statusName(ocspResponseStatus), Duration.ZERO);
        return OcspResponder.errorResponse(ocspResponseStatus);
    }

    /**
     * @throws OcspRequestException for a request that cannot be answered (malformed, too many certificates)
     * @throws ProblemException 503 when the database cannot be asked: a relying party retries or uses the CRL
     */
    public Answer answer(byte[] der) throws OcspRequestException {
        long started = System.nanoTime();
        OcspResponder.ParsedRequest request;
        try {
            request = responder().parse(der);
        } catch (OcspRequestException e) {
            metrics.ocsp(statusName(e.ocspResponseStatus()), Duration.ofNanos(System.nanoTime() - started));
            throw e;
        }
        Map<BigInteger, CertStatus> statuses;
        try {
            statuses = lookUp(request.serialsForThisCa());
        } catch (SQLException e) {
            LOG.warnf("OCSP lookup failed: %s", e.toString());
            metrics.ocsp("tryLater", Duration.ofNanos(System.nanoTime() - started));
            throw new ProblemException(
                    Problem.of(503, "ocsp-unavailable", "Service Unavailable", "Certificate status is unavailable"));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        byte[] response = responder().respond(request, statuses, now);
        String status = request.certificates().size() == 1
                ? statusName(statuses.get(request.certificates().get(0).serialNumber()))
                : "multiple";
        metrics.ocsp(status, Duration.ofNanos(System.nanoTime() - started));
        return new Answer(response, request.nonce() != null, now, now.plus(responseValidity));
    }

    private Map<BigInteger, CertStatus> lookUp(List<BigInteger> serials) throws SQLException {
        Map<BigInteger, CertStatus> statuses = new HashMap<>();
        if (serials.isEmpty()) {
            return statuses;
        }
        String[] hex = serials.stream().map(SerialNumbers::toHex).toArray(String[]::new);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(lookupSql)) {
            select.setArray(1, connection.createArrayOf("text", hex));
            select.setString(2, caId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    BigInteger serial = SerialNumbers.fromHex(rows.getString(1));
                    statuses.put(
                            serial,
                            "revoked".equals(rows.getString(2))
                                    ? new CertStatus.Revoked(
                                            rows.getTimestamp(3).toInstant(), rows.getInt(4))
                                    : new CertStatus.Good());
                }
            }
        }
        return statuses;
    }

    private static String statusName(CertStatus status) {
        if (status instanceof CertStatus.Good) {
            return "good";
        }
        if (status instanceof CertStatus.Revoked) {
            return "revoked";
        }
        return "unknown";
    }

    private static String statusName(int ocspResponseStatus) {
        return switch (ocspResponseStatus) {
            case MALFORMED_REQUEST -> "malformedRequest";
            case INTERNAL_ERROR -> "internalError";
            case TRY_LATER -> "tryLater";
            case 5 -> "sigRequired";
            case 6 -> "unauthorized";
            default -> "error" + ocspResponseStatus;
        };
    }
}
