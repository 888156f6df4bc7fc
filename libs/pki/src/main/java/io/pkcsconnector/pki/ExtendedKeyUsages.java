package io.pkcsconnector.pki;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/**
 * Extended key usage ("application policy" in AD CS) OIDs used by the built-in templates. Templates and
 * requests carry EKUs as dotted OID strings so that any OID an administrator configures can be used.
 */
public final class ExtendedKeyUsages {

    private ExtendedKeyUsages() {}

    public static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    public static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    public static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
    /** "Secure Email" in AD CS. */
    public static final String EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";
    /** Microsoft Encrypting File System (szOID_KP_EFS). */
    public static final String ENCRYPTING_FILE_SYSTEM = "1.3.6.1.4.1.311.10.3.4";
    /** Microsoft Smart Card Logon (szOID_KP_SMARTCARD_LOGON). */
    public static final String SMART_CARD_LOGON = "1.3.6.1.4.1.311.20.2.2";

    /** Returns the OID unchanged if it is a syntactically valid dotted OID. */
    public static String requireOid(String oid) {
        if (oid == null || ASN1ObjectIdentifier.tryFromID(oid) == null) {
            throw new IllegalArgumentException("'" + oid + "' is not a dotted object identifier");
        }
        return oid;
    }
}
