package io.pkcsconnector.revocationworker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pkcsconnector.contracts.RevocationReason;
import io.pkcsconnector.contracts.RevocationRequested;
import io.pkcsconnector.contracts.Topics;
import io.pkcsconnector.pki.CertificateAuthority;
import io.pkcsconnector.pki.IssuedCertificate;
import io.pkcsconnector.pki.Pem;
import io.pkcsconnector.testresources.InjectKafka;
import io.pkcsconnector.testresources.JwtTestResource;
import io.pkcsconnector.testresources.KafkaTestResource;
import io.pkcsconnector.testresources.OpenSsl;
import io.pkcsconnector.testresources.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revocation end to end inside the worker, against a real Kafka broker and PostgreSQL, with OpenSSL as the relying
 * party: certificates announced on pki.cert-issued.v1, revocations asked for on pki.revocation-requested.v1, the
 * outcome read back from Kafka, the CRL fetched over HTTP and the OCSP responder asked by {@code openssl ocsp -url}.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(JwtTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RevocationFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @InjectKafka
    String bootstrapServers;

    @Inject
    RevocationCa revocationCa;

    @TestHTTPResource("/")
    URL base;

    @TempDir
    Path dir;

    private Events events;
    private CertificateAuthority ca;

    @BeforeAll
    void connect() {
        ca = revocationCa.authority();
        events = new Events(bootstrapServers, ca);
    }

    @AfterAll
    void disconnect() {
        events.close();
    }

    @Test
    void revokesExactlyOnceAndOpenSslSeesItInTheCrlAndOverOcsp() throws IOException {
        String tenant = "tenant-" + UUID.randomUUID();
        IssuedCertificate revoked = events.issue(tenant, "laptop-lost");
        IssuedCertificate good = events.issue(tenant, "laptop-kept");
        writeChain();
        write("revoked.pem", Pem.certificate(revoked.certificate()));
        write("good.pem", Pem.certificate(good.certificate()));

        // OCSP knows both as soon as the projection has them.
        await().atMost(WAIT).untilAsserted(() -> assertThat(ocsp("revoked.pem")).contains("revoked.pem: good"));
        assertThat(ocsp("good.pem")).contains("good.pem: good");

        RevocationRequested request = events.revoke(tenant, revoked.serialHex(), RevocationReason.KEY_COMPROMISE);
        await().atMost(WAIT).until(() -> !events.answers(Topics.CERT_REVOKED.name(), request.requestId())
                .isEmpty());
        String event =
                events.answers(Topics.CERT_REVOKED.name(), request.requestId()).get(0);
        assertThat(event).contains("\"serialNumber\":\"" + revoked.serialHex() + "\"", "\"reason\":\"keyCompromise\"");

        // OCSP answers revoked from the commit on, with the reason; the good certificate stays good.
        String answer = ocsp("revoked.pem");
        assertThat(answer).contains("revoked.pem: revoked", "Reason: keyCompromise", "Response verify OK");
        assertThat(ocsp("good.pem")).contains("good.pem: good");

        // The CRL lists it promptly (coalesced builds: well under a few seconds).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            fetchCrl(ca.caId(), "issuing.crl");
            String text = OpenSsl.run(dir, "crl", "-inform", "DER", "-in", "issuing.crl", "-noout", "-text");
            assertThat(text).contains(revoked.serialHex().toUpperCase(Locale.ROOT), "Key Compromise");
            assertThat(text).doesNotContain(good.serialHex().toUpperCase(Locale.ROOT));
        });
        fetchCrl(ca.rootCaId(), "root.crl");
        OpenSsl.run(dir, "crl", "-inform", "DER", "-in", "issuing.crl", "-out", "issuing-crl.pem");
        OpenSsl.run(dir, "crl", "-inform", "DER", "-in", "root.crl", "-out", "root-crl.pem");
        OpenSsl.run(dir, "crl", "-in", "issuing-crl.pem", "-noout", "-CAfile", "issuing.pem");

        OpenSsl.Result rejected = OpenSsl.attempt(
                dir,
                "verify",
                "-crl_check",
                "-CAfile",
                "root.pem",
                "-untrusted",
                "issuing.pem",
                "-CRLfile",
                "issuing-crl.pem",
                "revoked.pem");
        assertThat(rejected.exitCode()).as(rejected.output()).isNotZero();
        assertThat(rejected.output()).contains("certificate revoked");
        assertThat(OpenSsl.run(
                        dir,
                        "verify",
                        "-crl_check",
                        "-CAfile",
                        "root.pem",
                        "-untrusted",
                        "issuing.pem",
                        "-CRLfile",
                        "issuing-crl.pem",
                        "good.pem"))
                .contains("good.pem: OK");
        // The whole chain, the issuing CA checked against the root's CRL.
        assertThat(OpenSsl.run(
                        dir,
                        "verify",
                        "-crl_check_all",
                        "-CAfile",
                        "root.pem",
                        "-untrusted",
                        "issuing.pem",
                        "-CRLfile",
                        "issuing-crl.pem",
                        "-CRLfile",
                        "root-crl.pem",
                        "good.pem"))
                .contains("good.pem: OK");

        // The same request again (a redelivery) changes nothing and publishes nothing.
        events.send(Topics.REVOCATION_REQUESTED.name(), request);
        // Another request for the revoked certificate is a conflict, answered once, never retried.
        RevocationRequested again = events.revoke(tenant, revoked.serialHex(), RevocationReason.SUPERSEDED);
        await().atMost(WAIT).until(() -> !events.answers(Topics.REVOCATION_FAILED.name(), again.requestId())
                .isEmpty());
        assertThat(events.answers(Topics.REVOCATION_FAILED.name(), again.requestId())
                        .get(0))
                .contains("\"errorCode\":\"alreadyRevoked\"");
        assertThat(events.answers(Topics.CERT_REVOKED.name(), request.requestId()))
                .hasSize(1);
        assertThat(events.answers(Topics.CERT_REVOKED.name(), again.requestId()))
                .isEmpty();
        assertThat(ocsp("revoked.pem")).contains("Reason: keyCompromise");
    }

    @Test
    void unknownSerialsAndOtherTenantsCertificatesFailForGood() {
        String tenant = "tenant-" + UUID.randomUUID();
        IssuedCertificate theirs = events.issue("other-" + tenant, "someone-elses-laptop");
        RevocationRequested unknown = events.revoke(tenant, "0badc0ffee", RevocationReason.UNSPECIFIED);
        await().atMost(WAIT).until(() -> !events.answers(Topics.REVOCATION_FAILED.name(), unknown.requestId())
                .isEmpty());
        assertThat(events.answers(Topics.REVOCATION_FAILED.name(), unknown.requestId())
                        .get(0))
                .contains("\"errorCode\":\"unknownSerial\"");

        // Give the projection time to learn the other tenant's certificate: the refusal must not be a race.
        await().atMost(WAIT).untilAsserted(() -> {
            write("theirs.pem", Pem.certificate(theirs.certificate()));
            writeChain();
            assertThat(ocsp("theirs.pem")).contains("theirs.pem: good");
        });
        RevocationRequested foreign = events.revoke(tenant, theirs.serialHex(), RevocationReason.KEY_COMPROMISE);
        await().atMost(WAIT).until(() -> !events.answers(Topics.REVOCATION_FAILED.name(), foreign.requestId())
                .isEmpty());
        assertThat(events.answers(Topics.REVOCATION_FAILED.name(), foreign.requestId())
                        .get(0))
                .contains("\"errorCode\":\"unknownSerial\"")
                .doesNotContain("other-" + tenant);
        assertThat(ocsp("theirs.pem")).contains("theirs.pem: good");
    }

    @Test
    void aBurstOfRevocationsIsCoalescedIntoFewCrls() {
        String tenant = "tenant-" + UUID.randomUUID();
        List<IssuedCertificate> fleet = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            fleet.add(events.issue(tenant, "fleet-" + i));
        }
        IssuedCertificate last = fleet.get(fleet.size() - 1);
        await().atMost(WAIT).untilAsserted(() -> {
            write("last.pem", Pem.certificate(last.certificate()));
            writeChain();
            assertThat(ocsp("last.pem")).contains("last.pem: good");
        });
        long before = crlNumber();
        for (IssuedCertificate certificate : fleet) {
            events.revoke(tenant, certificate.serialHex(), RevocationReason.CESSATION_OF_OPERATION);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            fetchCrl(ca.caId(), "fleet.crl");
            String text = OpenSsl.run(dir, "crl", "-inform", "DER", "-in", "fleet.crl", "-noout", "-text");
            for (IssuedCertificate certificate : fleet) {
                assertThat(text).contains(certificate.serialHex().toUpperCase(Locale.ROOT));
            }
            assertThat(text).contains("Cessation Of Operation");
        });
        long builds = crlNumber() - before;
        assertThat(builds).as("CRL builds for 20 revocations").isBetween(1L, 10L);
    }

    @Test
    void badInputGetsA4xxNeverA500() {
        // Not an OCSP request at all: an OCSP malformedRequest answer (status 1), as OCSP clients expect.
        byte[] malformed = given().contentType("application/ocsp-request")
                .body(new byte[] {0x30, 0x03, 0x02, 0x01})
                .post("/v1/ocsp")
                .then()
                .statusCode(400)
                .contentType("application/ocsp-response")
                .extract()
                .asByteArray();
        assertThat(malformed).containsExactly(0x30, 0x03, 0x0a, 0x01, 0x01);
        given().get("/v1/ocsp/not*base64!").then().statusCode(400).contentType("application/ocsp-response");
        given().contentType("application/ocsp-request")
                .body(new byte[9000])
                .post("/v1/ocsp")
                .then()
                .statusCode(413)
                .contentType("application/problem+json");
        given().contentType("application/json")
                .body("{}")
                .post("/v1/ocsp")
                .then()
                .statusCode(415);
        given().get("/v1/crl/no-such-ca.crl").then().statusCode(404).contentType("application/problem+json");
    }

    private long crlNumber() {
        fetchCrl(ca.caId(), "number.crl");
        String text = OpenSsl.run(dir, "crl", "-inform", "DER", "-in", "number.crl", "-noout", "-crlnumber");
        return new BigInteger(text.trim().replace("crlNumber=0x", "").replace("crlNumber=", ""), 16).longValue();
    }

    private void fetchCrl(String caId, String file) {
        byte[] der = given().get("/v1/crl/" + caId + ".crl")
                .then()
                .statusCode(200)
                .contentType("application/pkix-crl")
                .extract()
                .asByteArray();
        write(file, der);
    }

    /** {@code openssl ocsp} against this service's responder, as a relying party runs it. */
    private String ocsp(String certificateFile) {
        OpenSsl.Result result = OpenSsl.attempt(
                dir,
                "ocsp",
                "-issuer",
                "issuing.pem",
                "-cert",
                certificateFile,
                "-url",
                base.toString() + "v1/ocsp",
                "-CAfile",
                "chain.pem",
                "-resp_text");
        return result.output();
    }

    private void writeChain() {
        write("root.pem", Pem.certificate(ca.rootCertificate()));
        write("issuing.pem", Pem.certificate(ca.issuingCertificate()));
        write("chain.pem", Pem.certificate(ca.issuingCertificate()) + Pem.certificate(ca.rootCertificate()));
    }

    private void write(String name, String text) {
        write(name, text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private void write(String name, byte[] bytes) {
        try {
            Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
