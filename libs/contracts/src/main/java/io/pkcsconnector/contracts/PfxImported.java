package io.pkcsconnector.contracts;

import java.time.Instant;

/**
 * An admin imported a user's PFX through the Graph-compatible API. The event carries no blob and no password:
 * pfx-import itself re-encrypts the PFX per device and publishes {@link DeliveryRequested} events, so only it
 * ever holds the import key. {@code requestId} is the id of the import call.
 *
 * @param userPfxCertificateId Graph's id, {@code {userId}-{thumbprint}}
 * @param thumbprint SHA-1 of the certificate, upper-case hex
 */
public record PfxImported(
        String eventId,
        String tenantId,
        String requestId,
        Instant occurredAt,
        String traceId,
        String userPfxCertificateId,
        String userId,
        String userPrincipalName,
        String thumbprint,
        IntendedPurpose intendedPurpose,
        Instant startDateTime,
        Instant expirationDateTime)
        implements PkiEvent {

    public static final Topic TOPIC = Topics.PFX_IMPORTED;

    public PfxImported {
        Checks.envelope(eventId, tenantId, requestId, occurredAt);
        traceId = Checks.traceId(traceId);
        Checks.text(userId, "userId");
        Checks.text(userPrincipalName, "userPrincipalName");
        thumbprint = Checks.thumbprint(thumbprint, "thumbprint");
        userPfxCertificateId = checkUserPfxCertificateId(userPfxCertificateId, userId, thumbprint);
        Checks.present(intendedPurpose, "intendedPurpose");
        Checks.ordered(startDateTime, "startDateTime", expirationDateTime, "expirationDateTime");
    }

    /** Derives {@code userPfxCertificateId} from the user and the thumbprint, as Graph does. */
    public static PfxImported of(
            EventEnvelope envelope,
            String userId,
            String userPrincipalName,
            String thumbprint,
            IntendedPurpose intendedPurpose,
            Instant startDateTime,
            Instant expirationDateTime) {
        return new PfxImported(
                envelope.eventId(),
                envelope.tenantId(),
                envelope.requestId(),
                envelope.occurredAt(),
                envelope.traceId(),
                userPfxCertificateId(userId, Checks.thumbprint(thumbprint, "thumbprint")),
                userId,
                userPrincipalName,
                thumbprint,
                intendedPurpose,
                startDateTime,
                expirationDateTime);
    }

    /** Graph's key for a user's imported PFX; the API's URLs and $filter work on it. */
    public static String userPfxCertificateId(String userId, String thumbprint) {
        return userId + "-" + thumbprint;
    }

    /**
     * The id is redundant with userId and thumbprint, so a mismatch is a producer bug that would make the PFX
     * impossible to find or delete. The thumbprint part is compared ignoring case because Graph clients send
     * either.
     */
    static String checkUserPfxCertificateId(String id, String userId, String thumbprint) {
        Checks.text(id, "userPfxCertificateId");
        if (!id.equalsIgnoreCase(userPfxCertificateId(userId, thumbprint))) {
            throw new IllegalArgumentException("userPfxCertificateId must be {userId}-{thumbprint}, i.e. '"
                    + userPfxCertificateId(userId, thumbprint) + "', got '" + id + "'");
        }
        return userPfxCertificateId(userId, thumbprint);
    }

    @Override
    public String partitionKey() {
        return userId;
    }
}
