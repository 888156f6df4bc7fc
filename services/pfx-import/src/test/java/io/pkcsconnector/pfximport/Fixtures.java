package io.pkcsconnector.pfximport;

import static io.restassured.RestAssured.given;

import io.pkcsconnector.contracts.DeviceEnrolled;
import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.contracts.Platform;
import io.pkcsconnector.pki.DeviceKeys;
import io.pkcsconnector.pki.ImportPaddingScheme;
import io.pkcsconnector.pki.KeyAlgorithm;
import io.pkcsconnector.pki.PasswordWrapper;
import io.pkcsconnector.pki.Pem;
import io.pkcsconnector.testresources.OpenSsl;
import io.pkcsconnector.testresources.TestTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** What the tests import: PFX files made by OpenSSL, import keys made through the API, devices with real keys. */
final class Fixtures {

    static final String PROVIDER = "Microsoft Software Key Storage Provider";

    private Fixtures() {}

    /** A PFX as an administrator exports one: {@code openssl pkcs12 -export} of a fresh key and certificate. */
    record Pfx(Path file, byte[] bytes, String password, String thumbprint) {

        String base64() {
            return Base64.getEncoder().encodeToString(bytes);
        }
    }

    /** A device whose management key pair the test holds, so it can open what is delivered to it. */
    record Device(String deviceId, String userId, String upn, KeyPair managementKey) {}

    static Pfx pfx(Path dir, String commonName, String password) throws IOException {
        String name = commonName.replaceAll("[^A-Za-z0-9]", "_") + "-" + UUID.randomUUID();
        OpenSsl.run(
                dir,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "30",
                "-subj",
                "/CN=" + commonName,
                "-addext",
                "extendedKeyUsage=emailProtection",
                "-keyout",
                name + ".key",
                "-out",
                name + ".crt");
        Files.writeString(dir.resolve(name + ".pass"), password);
        OpenSsl.run(
                dir,
                "pkcs12",
                "-export",
                "-inkey",
                name + ".key",
                "-in",
                name + ".crt",
                "-passout",
                "file:" + name + ".pass",
                "-out",
                name + ".pfx");
        String fingerprint = OpenSsl.run(dir, "x509", "-in", name + ".crt", "-noout", "-fingerprint", "-sha1");
        String thumbprint =
                fingerprint.substring(fingerprint.indexOf('=') + 1).strip().replace(":", "");
        Path file = dir.resolve(name + ".pfx");
        return new Pfx(file, Files.readAllBytes(file), password, thumbprint);
    }

    /** {@code POST /beta/deviceManagement/userPfxCertificates} as an admin of the tenant. */
    static io.restassured.response.Response importPfx(String tenant, Map<String, Object> body) {
        return given().auth()
                .oauth2(TestTokens.admin(tenant))
                .contentType("application/json")
                .body(body)
                .post("/beta/deviceManagement/userPfxCertificates");
    }

    /** Creates an import key through the API and returns its public key PEM. */
    static String importKey(String tenant, String keyName) {
        return given().auth()
                .oauth2(TestTokens.admin(tenant))
                .contentType("application/json")
                .body(Map.of("providerName", PROVIDER, "keyName", keyName))
                .post("/v1/pfx-import/keys")
                .then()
                .statusCode(201)
                .extract()
                .path("publicKey");
    }

    /** The password as the Intune PowerShell module sends it: one byte per character, RSA-OAEP. */
    static String encryptPassword(String password, String publicKeyPem, String padding) {
        return Base64.getEncoder()
                .encodeToString(PasswordWrapper.wrap(
                        password.getBytes(StandardCharsets.ISO_8859_1),
                        DeviceKeys.parsePem(publicKeyPem),
                        ImportPaddingScheme.fromWireName(padding).oaepPadding()));
    }

    /** A Graph userPFXCertificate body as the PowerShell module builds it. */
    static Map<String, Object> body(Pfx pfx, String upn, String keyName, String publicKeyPem, String padding) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.type", "#microsoft.graph.userPFXCertificate");
        body.put("thumbprint", pfx.thumbprint());
        body.put("intendedPurpose", "smimeEncryption");
        body.put("userPrincipalName", upn);
        body.put("providerName", PROVIDER);
        body.put("keyName", keyName);
        body.put("paddingScheme", padding);
        body.put("encryptedPfxBlob", pfx.base64());
        body.put("encryptedPfxPassword", encryptPassword(pfx.password(), publicKeyPem, padding));
        return body;
    }

    static Device device(String userId, String upn) {
        return new Device("device-" + UUID.randomUUID(), userId, upn, KeyAlgorithm.RSA_2048.generateKeyPair());
    }

    static DeviceEnrolled enrolled(String tenant, Device device) {
        return DeviceEnrolled.of(
                EventEnvelope.newEnvelope(tenant, UUID.randomUUID().toString(), null),
                device.deviceId(),
                Platform.WINDOWS10,
                device.userId(),
                device.upn(),
                device.upn(),
                "laptop",
                Pem.publicKey(device.managementKey().getPublic()));
    }
}
