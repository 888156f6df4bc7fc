package io.pkcsconnector.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a device puts a trusted certificate, as Graph's {@code certificateDestinationStore} of a trusted certificate
 * profile: the root CA in the Trusted Root store, an issuing CA in the Intermediate store.
 */
public enum CertificateDestinationStore {
    COMPUTER_CERT_STORE_ROOT("computerCertStoreRoot"),
    COMPUTER_CERT_STORE_INTERMEDIATE("computerCertStoreIntermediate"),
    USER_CERT_STORE_INTERMEDIATE("userCertStoreIntermediate");

    private final String wireName;

    CertificateDestinationStore(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Exact match: wire names are case sensitive, as in Graph. */
    @JsonCreator
    public static CertificateDestinationStore fromWireName(String wireName) {
        return Checks.wireValue(
                values(), CertificateDestinationStore::wireName, wireName, "certificate destination store");
    }
}
