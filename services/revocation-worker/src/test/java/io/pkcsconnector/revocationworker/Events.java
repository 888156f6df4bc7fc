package io.pkcsconnector.revocationworker;

import io.pkcsconnector.contracts.CertificateIssued;
import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.contracts.EventJson;
import io.pkcsconnector.contracts.PaddingScheme;
import io.pkcsconnector.contracts.PkiEvent;
import io.pkcsconnector.contracts.RevocationReason;
import io.pkcsconnector.contracts.RevocationRequested;
import io.pkcsconnector.contracts.RevocationTrigger;
import io.pkcsconnector.contracts.Topics;
import io.pkcsconnector.pki.CertificateAuthority;
import io.pkcsconnector.pki.CertificateIssuer;
import io.pkcsconnector.pki.CertificateTemplate;
import io.pkcsconnector.pki.DistinguishedName;
import io.pkcsconnector.pki.IssuanceRequest;
import io.pkcsconnector.pki.IssuedCertificate;
import io.pkcsconnector.pki.KeyAlgorithm;
import io.pkcsconnector.pki.PasswordWrapper;
import io.pkcsconnector.pki.Pkcs12Encoder;
import io.pkcsconnector.pki.Pkcs12Options;
import io.pkcsconnector.pki.SubjectAlternativeName;
import io.pkcsconnector.pki.TemplateRegistry;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The test's side of the Kafka contract: issues real certificates under the worker's CA and announces them as the
 * issuance worker would, asks for revocations as request-intake would, and records what the worker publishes.
 */
final class Events implements AutoCloseable {

    private static final KeyPair DEVICE_KEY = KeyAlgorithm.RSA_2048.generateKeyPair();

    private final CertificateIssuer issuer;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final List<ConsumerRecord<String, byte[]>> seen = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    Events(String bootstrapServers, CertificateAuthority ca) {
        this.issuer = new CertificateIssuer(ca, TemplateRegistry.builtIn());
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new ByteArraySerializer());
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                        200),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.CERT_REVOKED.name(), Topics.REVOCATION_FAILED.name())) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::run, "test-revocation-recorder");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                consumer.poll(Duration.ofMillis(50)).forEach(seen::add);
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    /** A real certificate of this CA, announced on pki.cert-issued.v1 as the issuance worker does. */
    IssuedCertificate issue(String tenantId, String deviceId) {
        String requestId = UUID.randomUUID().toString();
        IssuedCertificate issued = issuer.issue(IssuanceRequest.builder()
                .requestId(requestId)
                .templateName(CertificateTemplate.PKCS_USER_NAME)
                .keyAlgorithm(KeyAlgorithm.EC_P256)
                .subject(DistinguishedName.builder().commonName(deviceId).build())
                .subjectAlternativeName(new SubjectAlternativeName.Upn(deviceId + "@example.test"))
                .connectorIdentity("revocation-test")
                .build());
        char[] password = "test-pfx-password".toCharArray();
        byte[] pfx = new Pkcs12Encoder(new Pkcs12Options(1_000, 1_000, 1_000)).encode(issued, password);
        byte[] wrapped =
                PasswordWrapper.wrap(new String(password).getBytes(StandardCharsets.UTF_8), DEVICE_KEY.getPublic());
        CertificateIssued event = CertificateIssued.of(
                EventEnvelope.newEnvelope(tenantId, requestId, null),
                deviceId,
                "profile-1",
                issued.caId(),
                issued.serialHex(),
                issued.thumbprint(),
                "CN=" + deviceId,
                issued.notBefore(),
                issued.notAfter(),
                io.pkcsconnector.contracts.KeyAlgorithm.EC_P256,
                256,
                List.of("1.3.6.1.5.5.7.3.2"),
                issued.certificatePem(),
                Base64.getEncoder().encodeToString(pfx),
                Base64.getEncoder().encodeToString(wrapped),
                PaddingScheme.OAEP_SHA256,
                "revocation-test");
        send(Topics.CERT_ISSUED.name(), event);
        return issued;
    }

    /** Asks for a revocation as request-intake does; returns the revocation request id. */
    RevocationRequested revoke(String tenantId, String serialHex, RevocationReason reason) {
        RevocationRequested request = RevocationRequested.of(
                EventEnvelope.newEnvelope(tenantId, UUID.randomUUID().toString(), null),
                serialHex,
                reason,
                RevocationTrigger.ADMIN,
                null,
                "admin@example.test");
        send(Topics.REVOCATION_REQUESTED.name(), request);
        return request;
    }

    void send(String topic, PkiEvent event) {
        try {
            producer.send(new ProducerRecord<>(
                            topic, event.partitionKey(), EventJson.toJson(event).getBytes(StandardCharsets.UTF_8)))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send " + event, e);
        }
    }

    void sendRaw(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records published on {@code topic} in answer to the revocation request {@code requestId}. */
    List<String> answers(String topic, String requestId) {
        return seen.stream()
                .filter(record -> record.topic().equals(topic))
                .map(record -> new String(record.value(), StandardCharsets.UTF_8))
                .filter(json -> json.contains("\"requestId\":\"" + requestId + "\""))
                .toList();
    }

    static Instant now() {
        return Instant.now();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        producer.close();
    }
}
