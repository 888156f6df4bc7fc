package io.pkcsconnector.contracts;

import java.time.Instant;

/**
 * An admin deleted a user's imported PFX; pfx-import publishes the {@code remove} deliveries itself. {@code
 * requestId} is the id of the delete call.
 *
 * @param userPfxCertificateId Graph's id, {@code {userId}-{thumbprint}}
 * @param thumbprint SHA-1 of the certificate, upper-case hex
 */
public record PfxDeleted(
        String eventId,
        String tenantId,
        String requestId,
        Instant occurredAt,
        String traceId,
        String userPfxCertificateId,
        String userId,
        String thumbprint)
        implements PkiEvent {

    public static final Topic TOPIC = Topics.PFX_DELETED;

    public PfxDeleted {
        Checks.envelope(eventId, tenantId, requestId, occurredAt);
        traceId = Checks.traceId(traceId);
        Checks.text(userId, "userId");
        thumbprint = Checks.thumbprint(thumbprint, "thumbprint");
        userPfxCertificateId = PfxImported.checkUserPfxCertificateId(userPfxCertificateId, userId, thumbprint);
    }

    /** Derives {@code userPfxCertificateId} from the user and the thumbprint, as Graph does. */
    public static PfxDeleted of(EventEnvelope envelope, String userId, String thumbprint) {
        return new PfxDeleted(
                envelope.eventId(),
                envelope.tenantId(),
                envelope.requestId(),
                envelope.occurredAt(),
                envelope.traceId(),
                PfxImported.userPfxCertificateId(userId, Checks.thumbprint(thumbprint, "thumbprint")),
                userId,
                thumbprint);
    }

    @Override
    public String partitionKey() {
        return userId;
    }
}
