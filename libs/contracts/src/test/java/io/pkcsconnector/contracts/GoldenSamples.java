package io.pkcsconnector.contracts;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fixed, realistic sample per event: the values the golden files under {@code src/test/resources/golden}
 * were written from. The PEMs are real (a throw-away two-tier EC CA and an RSA-2048 device certificate), and the
 * wrapped password is a real RSA-OAEP-SHA256 ciphertext; the PFX blob is only the outer header of a PKCS#12,
 * because the golden files fix the shape of the events, not their cryptography.
 */
final class GoldenSamples {

    static final String TENANT_ID = "8f3c2b1a-5d4e-4f60-9a7b-1c2d3e4f5a6b";
    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String CERT_REQUEST_ID = "3b9a7c1e-2f4d-4e8a-9c6b-5d7e8f9a0b1c";
    static final String REVOCATION_REQUEST_ID = "e1d2c3b4-a596-4877-8695-a4b3c2d1e0f9";
    static final String DELIVERY_ID = "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d";
    static final String DEVICE_ID = "d7e6f5a4-b3c2-4d1e-8f9a-0b1c2d3e4f5a";
    static final String USER_ID = "5c4b3a29-1807-4f6e-9d5c-4b3a29180706";
    static final String PROFILE_ID = "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9";
    static final String CA_ID = "contoso-issuing-ca-1";
    static final String CONNECTOR_ID = "issuance-worker-7c9d5b8f6-x2k4q";
    static final String UPN = "alice@contoso.com";
    static final String SERIAL_NUMBER = "4a3f9c2e7b1d5a6f8e0c3b2a1d4e5f6a7b8c9d0e";
    static final String THUMBPRINT = "AC9AB168E03DA597C8E876AB6F93B0B1AA1F7D6D";
    static final String IMPORTED_THUMBPRINT = "3D5E7F9A1B2C4D6E8F0A1B3C5D7E9F1A2B4C6D8E";
    static final List<String> CLIENT_AUTH_AND_SECURE_EMAIL = List.of("1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4");

    static final String DEVICE_MANAGEMENT_KEY =
            """
            -----BEGIN PUBLIC KEY-----
            MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAp4+WWdCJqny87q8AMXnz
            vapoHB5688AXvmRDtGEysCnppVrv6l22BzCxm2O4NdXMaG8qEl8R2BcfFAaeRA9G
            SadvV1x27iyweiL//dZrwrf96yoXr6l3TyvxaK69EnObKDqVn//JaSJ14gN7Pg13
            vyMSICdHl6yv2XIvPJ62DqOdSJTRA9SYbNbIQS+ce0uiEXaqiqlM8YFoFbzDPF5A
            DWwOqQ80zAlq4jR6i8U1EKrD/etjmL3li3roOjtlj91U2AsOKUAEvOzo0N8PcIhi
            z+OnuI6Y/tI3cKg4iclMo86anMpI3hY/ouQCXNwuruC2yYaAQp9LZwrix8B5tZZx
            SQIDAQAB
            -----END PUBLIC KEY-----
            """;

    static final String ROOT_CERTIFICATE =
            """
            -----BEGIN CERTIFICATE-----
            MIIBrjCCAVOgAwIBAgIUcWSI00TF2iAv1wqZF6ICiCI8K2QwCgYIKoZIzj0EAwIw
            LDEYMBYGA1UEAwwPQ29udG9zbyBSb290IENBMRAwDgYDVQQKDAdDb250b3NvMB4X
            DTI2MTEyNDE5MDEyOFoXDTQ2MTExOTE5MDEyOFowLDEYMBYGA1UEAwwPQ29udG9z
            byBSb290IENBMRAwDgYDVQQKDAdDb250b3NvMFkwEwYHKoZIzj0CAQYIKoZIzj0D
            AQcDQgAEpBnMU0y2EuvgKzM49/euKKfja/Bs4MFHvvssQDOkfeyP0RsdgxyilZbO
            jipbabuZnCdsUUW36gQZR2UZynyoz6NTMFEwHQYDVR0OBBYEFOHiMO/5dfqm4HgZ
            W/lz0WzKqhOKMB8GA1UdIwQYMBaAFOHiMO/5dfqm4HgZW/lz0WzKqhOKMA8GA1Ud
            EwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSQAwRgIhAL2H+/y59Gk7cjE4szbKyK1l
            r/LzPheKd32YSHkXHOpzAiEA38195TOOZwd6An6jEpzrIzdoP+8w+yMxizNLRduD
            ILE=
            -----END CERTIFICATE-----
            """;

    static final String ISSUING_CERTIFICATE =
            """
            -----BEGIN CERTIFICATE-----
            MIIBxTCCAWugAwIBAgIUFgnJYr5J3iAAGKs2g1GhqSHKGykwCgYIKoZIzj0EAwIw
            LDEYMBYGA1UEAwwPQ29udG9zbyBSb290IENBMRAwDgYDVQQKDAdDb250b3NvMB4X
            DTI2MTEyNDE5MDEyOVoXDTM2MTEyMTE5MDEyOVowMTEdMBsGA1UEAwwUQ29udG9z
            byBJc3N1aW5nIENBIDExEDAOBgNVBAoMB0NvbnRvc28wWTATBgcqhkjOPQIBBggq
            hkjOPQMBBwNCAASCSZSMUfxY6ISCskAl7rBA8U83Rwfw1847QdmZOjosYh7F6XDH
            Ohx/A5LkpEfP5k7RTDAHTCyKkVj+b1a/ZPDZo2YwZDASBgNVHRMBAf8ECDAGAQH/
            AgEAMA4GA1UdDwEB/wQEAwIBBjAdBgNVHQ4EFgQUXEXy5Zg5zSuxUJiky8ymyhER
            PukwHwYDVR0jBBgwFoAU4eIw7/l1+qbgeBlb+XPRbMqqE4owCgYIKoZIzj0EAwID
            SAAwRQIhANed3bIYjtWnFDnRun3WfZWYzPMW5iIMhrjgChPxs/rMAiBLsQNJ/7Ps
            tSveV9rMxVw0nBniWBJElN1fqKY1Wr5wbg==
            -----END CERTIFICATE-----
            """;

    static final String DEVICE_CERTIFICATE =
            """
            -----BEGIN CERTIFICATE-----
            MIICzTCCAnSgAwIBAgIUSj+cLnsdWm+ODDsqHU5fanuMnQ4wCgYIKoZIzj0EAwIw
            MTEdMBsGA1UEAwwUQ29udG9zbyBJc3N1aW5nIENBIDExEDAOBgNVBAoMB0NvbnRv
            c28wHhcNMjYxMTI0MTkwMTM4WhcNMjcxMTI0MTkwMTM4WjAcMRowGAYDVQQDDBFh
            bGljZUBjb250b3NvLmNvbTCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEB
            AL5X9UR6EvG4Ds757r5Sl9aNN/fwYkoUscqdGZS7NksiTaQ2UxjVrTYVDo2oQuv2
            9w/eWyu3ykmfYNAyzWAs42dtDFBio6BCinX6JTv/63TuiDp8zrimMFsiOe4TdtCE
            ShqkUiUepC5my86pkCthT8g7rZ+LwK9TwCaQce2SyVsVD0kYr8cweJHIoGu6aiYp
            jKe1UnEMZtPiLCnekxQ8VUGP+YBdfE0raM1lWLvUOheQx1EOQ06T2XhUo8LHrzmB
            uw5udrjWjdHkJ49KmiwyrO02U0MgUxZX0UfwGM2nih4hA/sm1lX1Rq3RFLu+WAuo
            ++n6g5vmQax5qJDlxj62CYsCAwEAAaOBszCBsDAdBgNVHSUEFjAUBggrBgEFBQcD
            AgYIKwYBBQUHAwQwDgYDVR0PAQH/BAQDAgWgMD8GA1UdEQQ4MDagIQYKKwYBBAGC
            NxQCA6ATDBFhbGljZUBjb250b3NvLmNvbYERYWxpY2VAY29udG9zby5jb20wHQYD
            VR0OBBYEFEqZ3zNFZPORWG02pN9aOkqkMRoGMB8GA1UdIwQYMBaAFFxF8uWYOc0r
            sVCYpMvMpsoRET7pMAoGCCqGSM49BAMCA0cAMEQCIASBvPwLomqhUjfzNUCjFI7M
            dHKKiGrE0hVCsf1sO7PyAiAedHWhqqr5nYfl1wjsbgYNlM1veB1OauxETmTUqAZI
            6A==
            -----END CERTIFICATE-----
            """;

    /** SEQUENCE { INTEGER 3 }: the start of a PKCS#12 PFX, which is all the contract checks. */
    static final String PFX_BLOB = "MAMCAQM=";

    static final String WRAPPED_PASSWORD =
            "NrqkpfUGpnWCEWKkDwHfMpEan1VrAz2Oxz61hfmGdhLj9GItBzsAd+l4pbzuQDuhHPlcXx99FHHi+Vby1lkJ/BM+CkXfps0gf+J7cS8Ow6zC9M/21eCV3I7YDUH392594N5ay2JVEPnTBpQLNRPYzxHQ48SpF/0vDno/9ZDrgOwEn92XYeWQlrgfzKVWOZrum8NzgycfHSAhRT8rNmuh1eRClq6J95cyktKdRTD004uOOB/rDC9Xv1Y6qW78h3Mcp+5sae0KFGtIGtHulrO5HlzlhMTAexhKfLxsFL34AgXFOeyZ7UwKJLTn/Id41gBYNmPYuMSHbWeSqeawWMDIaQ==";

    private GoldenSamples() {}

    static Map<Class<? extends PkiEvent>, PkiEvent> all() {
        Map<Class<? extends PkiEvent>, PkiEvent> samples = new LinkedHashMap<>();
        for (PkiEvent sample : List.of(
                certificateRequested(),
                certificateIssued(),
                certificateIssuanceFailed(),
                revocationRequested(),
                certificateRevoked(),
                revocationFailed(),
                deviceEnrolled(),
                deviceRetired(),
                pfxImported(),
                pfxDeleted(),
                deliveryRequested(),
                deliveryAcknowledged(),
                connectorHeartbeat(),
                caCertificatesPublished())) {
            samples.put(sample.getClass(), sample);
        }
        return samples;
    }

    static PkiEvent forTopic(Topic topic) {
        PkiEvent sample = all().get(topic.eventType());
        if (sample == null) {
            throw new IllegalStateException("no golden sample for " + topic);
        }
        return sample;
    }

    private static EventEnvelope envelope(String eventId, String requestId, String occurredAt, String traceId) {
        return new EventEnvelope(eventId, TENANT_ID, requestId, Instant.parse(occurredAt), traceId);
    }

    static CertificateRequested certificateRequested() {
        return CertificateRequested.of(
                envelope("0d6f1c9e-8a7b-4c5d-9e0f-1a2b3c4d5e6f", CERT_REQUEST_ID, "2026-11-24T19:01:30.250Z", TRACE_ID),
                DEVICE_ID,
                PROFILE_ID,
                Platform.WINDOWS10,
                "PKCS-WiFi-User",
                KeyAlgorithm.RSA_2048,
                "CN=alice@contoso.com,O=Contoso",
                List.of(
                        new SubjectAlternativeName(SubjectAlternativeNameType.USER_PRINCIPAL_NAME, UPN),
                        new SubjectAlternativeName(SubjectAlternativeNameType.EMAIL_ADDRESS, UPN)),
                CLIENT_AUTH_AND_SECURE_EMAIL,
                false,
                365,
                DEVICE_MANAGEMENT_KEY,
                null);
    }

    static CertificateIssued certificateIssued() {
        return CertificateIssued.of(
                envelope("1e7a2d0f-9b8c-4d6e-8f1a-2b3c4d5e6f70", CERT_REQUEST_ID, "2026-11-24T19:01:38.912Z", TRACE_ID),
                DEVICE_ID,
                PROFILE_ID,
                CA_ID,
                SERIAL_NUMBER,
                THUMBPRINT,
                "CN=alice@contoso.com",
                Instant.parse("2026-11-24T19:01:38Z"),
                Instant.parse("2027-11-24T19:01:38Z"),
                KeyAlgorithm.RSA_2048,
                2048,
                CLIENT_AUTH_AND_SECURE_EMAIL,
                DEVICE_CERTIFICATE,
                PFX_BLOB,
                WRAPPED_PASSWORD,
                PaddingScheme.OAEP_SHA256,
                CONNECTOR_ID);
    }

    static CertificateIssuanceFailed certificateIssuanceFailed() {
        return CertificateIssuanceFailed.of(
                envelope(
                        "2f8b3e1a-0c9d-4e7f-9a2b-3c4d5e6f7081",
                        "7c6d5e4f-3a2b-4c1d-8e9f-0a1b2c3d4e5f",
                        "2026-11-24T19:02:05Z",
                        null),
                DEVICE_ID,
                PROFILE_ID,
                "templateViolation",
                "template PKCS-WiFi-User does not allow the extended key usage 1.3.6.1.5.5.7.3.3 (code signing)",
                true,
                1,
                CONNECTOR_ID);
    }

    static RevocationRequested revocationRequested() {
        return RevocationRequested.of(
                envelope(
                        "3a9c4f2b-1d0e-4f8a-8b3c-4d5e6f708192",
                        REVOCATION_REQUEST_ID,
                        "2026-12-01T08:30:00Z",
                        TRACE_ID),
                SERIAL_NUMBER,
                RevocationReason.CESSATION_OF_OPERATION,
                RevocationTrigger.RETIRE,
                DEVICE_ID,
                "admin@contoso.com");
    }

    static CertificateRevoked certificateRevoked() {
        return CertificateRevoked.of(
                envelope(
                        "4b0d5a3c-2e1f-4a9b-9c4d-5e6f708192a3",
                        REVOCATION_REQUEST_ID,
                        "2026-12-01T08:30:01.004Z",
                        TRACE_ID),
                SERIAL_NUMBER,
                CA_ID,
                RevocationReason.CESSATION_OF_OPERATION,
                Instant.parse("2026-12-01T08:30:00.998Z"),
                DEVICE_ID,
                CERT_REQUEST_ID);
    }

    static RevocationFailed revocationFailed() {
        return RevocationFailed.of(
                envelope(
                        "5c1e6b4d-3f2a-4b0c-8d5e-6f708192a3b4",
                        "f2e3d4c5-b6a7-4988-97a6-b5c4d3e2f1a0",
                        "2026-12-01T09:00:00Z",
                        TRACE_ID),
                "0f1e2d3c4b5a",
                "unknownSerial",
                "no certificate with serial 0f1e2d3c4b5a was issued by this tenant's CAs");
    }

    static DeviceEnrolled deviceEnrolled() {
        return DeviceEnrolled.of(
                envelope(
                        "6d2f7c5e-4a3b-4c1d-9e6f-708192a3b4c5",
                        "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
                        "2026-11-24T18:55:00Z",
                        TRACE_ID),
                DEVICE_ID,
                Platform.WINDOWS10,
                USER_ID,
                UPN,
                UPN,
                "DESKTOP-ALICE01",
                DEVICE_MANAGEMENT_KEY);
    }

    static DeviceRetired deviceRetired() {
        return DeviceRetired.of(
                envelope(
                        "7e3a8d6f-5b4c-4d2e-8f7a-8192a3b4c5d6",
                        "b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e",
                        "2026-12-01T08:29:59.500Z",
                        TRACE_ID),
                DEVICE_ID,
                USER_ID,
                RetireAction.RETIRE);
    }

    static PfxImported pfxImported() {
        return PfxImported.of(
                envelope(
                        "8f4b9e7a-6c5d-4e3f-9a8b-92a3b4c5d6e7",
                        "c3d4e5f6-a7b8-4c9d-8e0f-2a3b4c5d6e7f",
                        "2026-11-20T10:00:00Z",
                        TRACE_ID),
                USER_ID,
                UPN,
                IMPORTED_THUMBPRINT,
                IntendedPurpose.SMIME_ENCRYPTION,
                Instant.parse("2025-03-01T00:00:00Z"),
                Instant.parse("2028-03-01T00:00:00Z"));
    }

    static PfxDeleted pfxDeleted() {
        return PfxDeleted.of(
                envelope(
                        "9a5c0f8b-7d6e-4f4a-8b9c-a3b4c5d6e7f8",
                        "d4e5f6a7-b8c9-4d0e-9f1a-3b4c5d6e7f8a",
                        "2026-12-10T14:45:00Z",
                        TRACE_ID),
                USER_ID,
                IMPORTED_THUMBPRINT);
    }

    static DeliveryRequested deliveryRequested() {
        return DeliveryRequested.of(
                envelope("ab6d1a9c-8e7f-4a5b-9cad-b4c5d6e7f809", DELIVERY_ID, "2026-11-24T19:01:39.120Z", TRACE_ID),
                DEVICE_ID,
                DeliveryKind.PKCS,
                CERT_REQUEST_ID,
                SERIAL_NUMBER,
                THUMBPRINT,
                PFX_BLOB,
                WRAPPED_PASSWORD,
                PaddingScheme.OAEP_SHA256,
                null);
    }

    static DeliveryAcknowledged deliveryAcknowledged() {
        return DeliveryAcknowledged.of(
                envelope("bc7e2bad-9f8a-4b6c-8dbe-c5d6e7f8091a", DELIVERY_ID, "2026-11-24T19:03:12Z", TRACE_ID),
                DEVICE_ID,
                DeliveryStatus.INSTALL_FAILED,
                "0x80092004");
    }

    static ConnectorHeartbeat connectorHeartbeat() {
        return ConnectorHeartbeat.of(
                envelope("cd8f3cbe-a09b-4c7d-9ecf-d6e7f8091a2b", CONNECTOR_ID, "2026-11-24T19:05:00Z", null),
                CONNECTOR_ID,
                "issuance-worker",
                "aks-pki-nodepool-31415926-vmss000004",
                "0.1.0",
                Instant.parse("2026-11-01T06:00:00Z"),
                Instant.parse("2026-11-24T19:05:00Z"),
                15230,
                4);
    }

    static CaCertificatesPublished caCertificatesPublished() {
        return CaCertificatesPublished.of(
                envelope("de904dcf-b1ac-4d8e-8fd0-e7f8091a2b3c", CA_ID, "2026-11-24T19:01:29Z", null),
                CA_ID,
                ROOT_CERTIFICATE,
                ISSUING_CERTIFICATE,
                "http://revocation-worker.pki.svc:8082/v1/crl/contoso-issuing-ca-1.crl",
                "http://revocation-worker.pki.svc:8082/v1/ocsp");
    }
}
