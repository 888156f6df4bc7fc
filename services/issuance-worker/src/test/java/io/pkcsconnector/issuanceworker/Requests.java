package io.pkcsconnector.issuanceworker;

import io.pkcsconnector.contracts.CertificateRequested;
import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.contracts.KeyAlgorithm;
import io.pkcsconnector.contracts.Platform;
import io.pkcsconnector.contracts.SubjectAlternativeName;
import io.pkcsconnector.contracts.SubjectAlternativeNameType;
import io.pkcsconnector.contracts.Topics;
import io.pkcsconnector.contracts.kafka.EventSerializer;
import io.pkcsconnector.pki.Pem;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Certificate requests as request-intake sends them: built from the contracts, serialised by the contracts'
 * serializer, produced with a plain Kafka producer. The device key pair is generated here, so the tests can
 * decrypt what only the device should read.
 */
final class Requests implements AutoCloseable {

    static final String TENANT = "tenant-issuance-test";

    /** One device for all tests: RSA key generation is the slow part of a test run. */
    static final KeyPair DEVICE_KEY = rsa(2048);

    private final KafkaProducer<String, CertificateRequested> producer;
    private final KafkaProducer<String, byte[]> rawProducer;

    Requests(String bootstrapServers) {
        Map<String, Object> config =
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(config, new StringSerializer(), new EventSerializer<>());
        rawProducer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    static CertificateRequested request(String requestId) {
        return request(requestId, KeyAlgorithm.EC_P256);
    }

    static CertificateRequested request(String requestId, KeyAlgorithm keyAlgorithm) {
        return builder(requestId).keyAlgorithm(keyAlgorithm).build();
    }

    static Builder builder(String requestId) {
        return new Builder(requestId);
    }

    static String newRequestId() {
        return UUID.randomUUID().toString();
    }

    /** Produces the event keyed by its request id, as request-intake does. */
    RecordMetadata send(CertificateRequested request) {
        return await(
                producer.send(new ProducerRecord<>(Topics.CERT_REQUESTED.name(), request.partitionKey(), request)));
    }

    /** Produces the event onto a given partition, e.g. behind a record that must not hold it up. */
    RecordMetadata send(CertificateRequested request, int partition) {
        return await(producer.send(
                new ProducerRecord<>(Topics.CERT_REQUESTED.name(), partition, request.partitionKey(), request)));
    }

    RecordMetadata sendRaw(String key, byte[] value) {
        return await(rawProducer.send(new ProducerRecord<>(Topics.CERT_REQUESTED.name(), key, value)));
    }

    private static RecordMetadata await(java.util.concurrent.Future<RecordMetadata> send) {
        try {
            return send.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not produce the test request", e);
        }
    }

    static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close();
        rawProducer.close();
    }

    static final class Builder {
        private final String requestId;
        private String tenant = TENANT;
        private String templateName = "PkcsUser";
        private KeyAlgorithm keyAlgorithm = KeyAlgorithm.EC_P256;
        private boolean nonRepudiation;
        private int validityDays = 365;
        private String deviceKeyPem = Pem.publicKey(DEVICE_KEY.getPublic());

        private Builder(String requestId) {
            this.requestId = requestId;
        }

        Builder tenant(String value) {
            tenant = value;
            return this;
        }

        Builder templateName(String value) {
            templateName = value;
            return this;
        }

        Builder keyAlgorithm(KeyAlgorithm value) {
            keyAlgorithm = value;
            return this;
        }

        Builder nonRepudiation(boolean value) {
            nonRepudiation = value;
            return this;
        }

        Builder validityDays(int value) {
            validityDays = value;
            return this;
        }

        Builder deviceKeyPem(String value) {
            deviceKeyPem = value;
            return this;
        }

        CertificateRequested build() {
            return CertificateRequested.of(
                    new EventEnvelope(UUID.randomUUID().toString(), tenant, requestId, java.time.Instant.now(), null),
                    "device-" + requestId.substring(0, 8),
                    "profile-wifi",
                    Platform.WINDOWS10,
                    templateName,
                    keyAlgorithm,
                    "CN=Jane Doe,OU=Devices,O=Example Corp",
                    List.of(
                            new SubjectAlternativeName(
                                    SubjectAlternativeNameType.USER_PRINCIPAL_NAME, "jane.doe@example.com"),
                            new SubjectAlternativeName(SubjectAlternativeNameType.EMAIL_ADDRESS, "jane@example.com"),
                            new SubjectAlternativeName(
                                    SubjectAlternativeNameType.UNIVERSAL_RESOURCE_IDENTIFIER, "urn:uuid:" + requestId)),
                    List.of(),
                    nonRepudiation,
                    validityDays,
                    deviceKeyPem,
                    null);
        }
    }
}
