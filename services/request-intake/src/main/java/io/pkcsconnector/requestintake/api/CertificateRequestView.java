package io.pkcsconnector.requestintake.api;

import io.pkcsconnector.requestintake.persistence.CertificateRequestEntity;
import java.time.OffsetDateTime;

/**
 * SPEC §3: a certificate request and its Graph {@code certificateIssuanceState}. {@code renewalDateTime} (an
 * addition) is when the certificate will be renewed, once the renewal sweep has scheduled it.
 */
public record CertificateRequestView(
        String id,
        String status,
        String deviceId,
        String profileId,
        String serialNumber,
        String thumbprint,
        OffsetDateTime notBefore,
        OffsetDateTime notAfter,
        String errorCode,
        String errorMessage,
        OffsetDateTime renewalDateTime) {

    static CertificateRequestView of(CertificateRequestEntity e) {
        return new CertificateRequestView(
                e.requestId.toString(),
                e.status,
                e.deviceId,
                e.profileId,
                e.serialNumber,
                e.thumbprint,
                e.notBefore,
                e.notAfter,
                e.errorCode,
                e.errorMessage,
                e.renewalAt);
    }
}
