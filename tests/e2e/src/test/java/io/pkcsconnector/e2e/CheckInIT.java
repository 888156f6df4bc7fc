package io.pkcsconnector.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pkcsconnector.pki.Certificates;
import io.pkcsconnector.pki.Pem;
import io.pkcsconnector.pki.SerialNumbers;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device check-in cycle across the five service processes: a PKCS profile assigned to all devices, one
 * enrolled device that checks in again and again (some of it at once), and exactly one certificate for it. The
 * device's inbox holds the CA's root and issuing certificates before the PFX, and OpenSSL, as the device, verifies
 * the PFX's certificate against exactly the trust it was given. The installed ack reaches the admin's certificate
 * states.
 */
class CheckInIT {

    static final String ROOT_STORE = "computerCertStoreRoot";
    static final String INTERMEDIATE_STORE = "computerCertStoreIntermediate";
    static final int MORE_CHECK_INS = 20;
    static final int CONCURRENT_CHECK_INS = 10;

    static ServiceProcesses stack;
    static PipelineClient client;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        stack = new ServiceProcesses();
        stack.startAll();
        // A tenant of its own: Redis outlives the stack's fresh database and broker.
        String tenant = "tenant-checkin-" + UUID.randomUUID().toString().substring(0, 8);
        client = new PipelineClient(stack, tenant, "checkin-laptop", "checkin-wifi")
                .setUp(List.of(Map.of("target", Map.of("@odata.type", "#microsoft.graph.allDevicesAssignmentTarget"))));
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void checkInsGetOneCertificateThatChainsToTheTrustTheDeviceWasGiven() throws Exception {
        long t0 = System.nanoTime();
        // request-intake learns the CA's certificates from the issuance worker's pki.ca-certificates.v1.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> given().get(stack.url("request-intake") + "/v1/ca/root.cer")
                                .statusCode()
                        == 200);
        long firstCheckIn = System.nanoTime();

        // The first check-in: the trust chain, root first, and the initial request of the assigned profile.
        JsonPath first = client.checkIn();
        assertThat(first.getString("deviceId")).isEqualTo(client.deviceId);
        assertThat(first.getList("trustedCertificates.store")).containsExactly(ROOT_STORE, INTERMEDIATE_STORE);
        assertThat(first.getList("trustedCertificates.action")).containsExactly("delivered", "delivered");
        List<String> trustDeliveryIds = first.getList("trustedCertificates.deliveryId");
        List<String> trustThumbprints = first.getList("trustedCertificates.thumbprint");
        List<String> trustSubjects = first.getList("trustedCertificates.subject");
        assertThat(trustDeliveryIds).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(trustThumbprints).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(first.getList("profiles.profileId")).containsExactly(client.profileId);
        assertThat(first.getString("profiles[0].action")).isEqualTo("requested");
        assertThat(first.getString("profiles[0].reason")).isEqualTo("initial");
        assertThat(first.getString("profiles[0].errorCode")).isNull();
        String requestId = first.getString("profiles[0].requestId");
        assertThat(requestId).isNotBlank();

        long firstCheckInMs = (System.nanoTime() - firstCheckIn) / 1_000_000;
        // 20 more check-ins, half of them at once: the same request and the same trust deliveries every time.
        List<JsonPath> again = new ArrayList<>();
        for (int i = 0; i < MORE_CHECK_INS - CONCURRENT_CHECK_INS; i++) {
            again.add(client.checkIn());
        }
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT_CHECK_INS);
        try {
            List<Future<JsonPath>> concurrent = new ArrayList<>();
            for (int i = 0; i < CONCURRENT_CHECK_INS; i++) {
                concurrent.add(pool.submit(client::checkIn));
            }
            for (Future<JsonPath> future : concurrent) {
                again.add(future.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(again).hasSize(MORE_CHECK_INS);
        long moreCheckInsMs = (System.nanoTime() - firstCheckIn) / 1_000_000 - firstCheckInMs;
        for (JsonPath answer : again) {
            assertThat(answer.getList("trustedCertificates.action")).containsExactly("present", "present");
            assertThat(answer.getList("trustedCertificates.deliveryId")).isEqualTo(trustDeliveryIds);
            assertThat(answer.getList("trustedCertificates.thumbprint")).isEqualTo(trustThumbprints);
            assertThat(answer.getList("trustedCertificates.store")).containsExactly(ROOT_STORE, INTERMEDIATE_STORE);
            assertThat(answer.getList("profiles.profileId")).containsExactly(client.profileId);
            assertThat(answer.getString("profiles[0].requestId")).isEqualTo(requestId);
            String action = answer.getString("profiles[0].action");
            assertThat(action).isIn("pending", "none");
            if (action.equals("pending")) {
                assertThat(answer.getString("profiles[0].reason")).isEqualTo("initial");
            } else {
                assertThat(answer.getString("profiles[0].status")).isIn("issued", "installed");
            }
        }

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> client.status(requestId).equals("issued"));
        JsonPath issued = client.requestView(requestId);
        String serial = issued.getString("serialNumber");
        String thumbprint = issued.getString("thumbprint");
        assertThat(serial).isNotBlank();
        assertThat(thumbprint).isNotBlank();
        long issuedMs = (System.nanoTime() - firstCheckIn) / 1_000_000;
        JsonPath onceIssued = client.checkIn();
        assertThat(onceIssued.getString("profiles[0].action")).isEqualTo("none");
        assertThat(onceIssued.getString("profiles[0].requestId")).isEqualTo(requestId);
        assertThat(onceIssued.getString("profiles[0].status")).isEqualTo("issued");
        assertThat(onceIssued.getList("trustedCertificates.action")).containsExactly("present", "present");

        // The inbox, oldest first: root, intermediate, then the PFX; nothing else.
        List<Map<String, Object>> inbox = awaitInbox(3);
        assertThat(inbox).extracting(item -> item.get("kind")).containsExactly("trustedRoot", "trustedRoot", "pkcs");
        Map<String, Object> rootItem = inbox.get(0);
        Map<String, Object> intermediateItem = inbox.get(1);
        Map<String, Object> pkcsItem = inbox.get(2);
        assertThat(List.of(rootItem.get("deliveryId"), intermediateItem.get("deliveryId")))
                .isEqualTo(trustDeliveryIds);
        assertThat(List.of(rootItem.get("thumbprint"), intermediateItem.get("thumbprint")))
                .isEqualTo(trustThumbprints);
        assertThat(List.of(rootItem.get("destinationStore"), intermediateItem.get("destinationStore")))
                .containsExactly(ROOT_STORE, INTERMEDIATE_STORE);
        assertThat(pkcsItem.get("requestId")).isEqualTo(requestId);
        assertThat(pkcsItem.get("thumbprint")).isEqualTo(thumbprint);
        assertThat(pkcsItem.get("serialNumber")).isEqualTo(serial);
        assertThat(pkcsItem.get("status")).isEqualTo("pending");
        assertThat((String) pkcsItem.get("encryptedPfxBlob")).isNotBlank();
        assertThat((String) pkcsItem.get("encryptedPfxPassword")).isNotBlank();
        assertThat(pkcsItem.get("paddingScheme")).isEqualTo("oaepSha256");

        // The trust the device was given is the CA's: root self-signed, the intermediate signed by it.
        X509Certificate root = onlyCertificate((String) rootItem.get("certificatePem"));
        X509Certificate intermediate = onlyCertificate((String) intermediateItem.get("certificatePem"));
        assertThat(Certificates.thumbprint(root)).isEqualTo(trustThumbprints.get(0));
        assertThat(Certificates.thumbprint(intermediate)).isEqualTo(trustThumbprints.get(1));
        assertThat(List.of(
                        root.getSubjectX500Principal().getName(),
                        intermediate.getSubjectX500Principal().getName()))
                .isEqualTo(trustSubjects);
        assertThat(root.getEncoded())
                .isEqualTo(given().get(stack.url("request-intake") + "/v1/ca/root.cer")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray());
        root.verify(root.getPublicKey());
        intermediate.verify(root.getPublicKey());

        // The device, with OpenSSL: its key opens the password (into a file only), the password the PFX.
        Path leafPem = OpenSsl.openDelivery(dir, client.deviceKeys.getPrivate(), pkcsItem);
        Path rootPem = Files.writeString(dir.resolve("root.pem"), (String) rootItem.get("certificatePem"));
        Path intermediatePem =
                Files.writeString(dir.resolve("intermediate.pem"), (String) intermediateItem.get("certificatePem"));
        assertThat(OpenSsl.run(
                        "verify",
                        "-x509_strict",
                        "-CAfile",
                        rootPem.toString(),
                        "-untrusted",
                        intermediatePem.toString(),
                        leafPem.toString()))
                .contains(leafPem + ": OK");
        // ... and needs both: the root alone does not make a chain.
        assertThat(OpenSsl.exitCode("verify", "-x509_strict", "-CAfile", rootPem.toString(), leafPem.toString()))
                .isNotZero();

        X509Certificate leaf = onlyCertificate(Files.readString(leafPem));
        assertThat(Certificates.thumbprint(leaf)).isEqualTo(thumbprint);
        assertThat(SerialNumbers.toHex(leaf.getSerialNumber())).isEqualTo(serial);
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(intermediate.getSubjectX500Principal());

        // The admin's certificate states: the one certificate, issued, with its serial and thumbprint.
        List<Map<String, Object>> states = client.certificateStates();
        assertThat(states).hasSize(1);
        Map<String, Object> state = states.get(0);
        assertThat(state.get("requestId")).isEqualTo(requestId);
        assertThat(state.get("profileId")).isEqualTo(client.profileId);
        assertThat(state.get("certificateIssuanceState")).isIn("issued", "installed");
        assertThat(state.get("certificateSerialNumber")).isEqualTo(serial);
        assertThat(state.get("certificateThumbprint")).isEqualTo(thumbprint);

        // The device installs it and says so; the admin sees it installed.
        JsonPath ack = client.ack((String) pkcsItem.get("deliveryId"), "installed");
        assertThat(ack.getString("status")).isEqualTo("installed");
        assertThat(ack.getString("deliveryId")).isEqualTo(pkcsItem.get("deliveryId"));
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(client.certificateStates())
                        .singleElement()
                        .satisfies(s -> {
                            assertThat(s.get("certificateIssuanceState")).isEqualTo("installed");
                            assertThat(s.get("certificateSerialNumber")).isEqualTo(serial);
                            assertThat(s.get("certificateThumbprint")).isEqualTo(thumbprint);
                        }));
        assertThat(client.status(requestId)).isEqualTo("installed");

        // Checking in now changes nothing: no new request, no new delivery.
        JsonPath after = client.checkIn();
        assertThat(after.getList("trustedCertificates.action")).containsExactly("present", "present");
        assertThat(after.getList("trustedCertificates.deliveryId")).isEqualTo(trustDeliveryIds);
        assertThat(after.getString("profiles[0].action")).isEqualTo("none");
        assertThat(after.getString("profiles[0].requestId")).isEqualTo(requestId);
        assertThat(after.getString("profiles[0].status")).isEqualTo("installed");

        // Exactly one certificate was ever published (this stack's broker is the test's alone), and the inbox
        // still holds the three items it had.
        assertThat(client.serialsByRequest()).isEqualTo(Map.of(requestId, Set.of(serial)));
        List<Map<String, Object>> finalInbox = client.deliveries();
        assertThat(finalInbox)
                .extracting(item -> item.get("deliveryId"))
                .containsExactly(trustDeliveryIds.get(0), trustDeliveryIds.get(1), pkcsItem.get("deliveryId"));
        assertThat(finalInbox.get(2).get("status")).isEqualTo("installed");
        System.out.printf(
                "check-in cycle: first check-in %d ms, %d more check-ins %d ms, first check-in -> issued seen %d ms,"
                        + " whole cycle (from waiting for the CA) %d ms%n",
                firstCheckInMs, MORE_CHECK_INS, moreCheckInsMs, issuedMs, (System.nanoTime() - t0) / 1_000_000);
    }

    /** The device's inbox once it holds a pkcs item: exactly {@code size} items expected, checked by the caller. */
    private static List<Map<String, Object>> awaitInbox(int size) {
        List<Map<String, Object>>[] inbox = new List[1];
        // Until the notifier has seen the device's enrolment, its inbox answers 404.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsInstanceOf(AssertionError.class)
                .until(() -> {
                    inbox[0] = client.deliveries();
                    return inbox[0].stream().anyMatch(item -> "pkcs".equals(item.get("kind")));
                });
        assertThat(inbox[0]).as("inbox items").hasSize(size);
        return inbox[0];
    }

    private static X509Certificate onlyCertificate(String pem) {
        assertThat(pem).isNotBlank();
        List<X509Certificate> certificates = Pem.parseCertificates(pem);
        assertThat(certificates).hasSize(1);
        return certificates.get(0);
    }
}
