package io.pkcsconnector.pki;

/**
 * Why a request was refused, machine-readable. The names are stable: services put them into {@code
 * errorCode} of a failed certificate request, so renaming one is a contract change.
 */
public enum ViolationCode {
    /** No template of the requested name exists. */
    UNKNOWN_TEMPLATE,
    /** The enrolling connector identity is not in the template's enrollment list. */
    CONNECTOR_NOT_AUTHORIZED,
    /** The template does not allow the key algorithm (e.g. EC when only RSA is allowed). */
    KEY_ALGORITHM_NOT_ALLOWED,
    /** The RSA key is shorter than the template's minimum. */
    KEY_TOO_SMALL,
    /** The template keeps the private key on the requester; a server-generated key could not be delivered. */
    PRIVATE_KEY_NOT_EXPORTABLE,
    /** The requested validity is zero or negative. */
    VALIDITY_INVALID,
    /** The requested validity exceeds the template's maximum. */
    VALIDITY_TOO_LONG,
    /** An extended key usage was requested that the template does not grant. */
    EKU_NOT_ALLOWED,
    /** A key usage was requested that the template does not grant (e.g. nonRepudiation on PkcsUser). */
    KEY_USAGE_NOT_ALLOWED,
    /** The template wants the subject from the request, and the request has none. */
    SUBJECT_REQUIRED,
    /** The template builds the subject itself, and the request supplied one. */
    SUBJECT_NOT_ALLOWED,
    /** Neither subject nor subject alternative name: the certificate would name nobody. */
    SUBJECT_ALT_NAME_REQUIRED
}
