package io.pkcsconnector.loadgenerator;

import io.pkcsconnector.contracts.CertificateRequested;
import io.pkcsconnector.contracts.EventEnvelope;
import io.pkcsconnector.contracts.SubjectAlternativeName;
import io.pkcsconnector.contracts.SubjectAlternativeNameType;
import io.pkcsconnector.contracts.kafka.EventSerializer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces to {@code pki.cert-requested.v1} directly: {@code CertificateRequested} events built as
 * request-intake builds them (serialized by the contracts' {@link EventSerializer}), poison, and replayed
 * records. One producer, small linger, so a burst goes out in batches.
 */
final class KafkaRequests implements AutoCloseable {

    static final String TOPIC = CertificateRequested.TOPIC.name();

    /** What a poison request is. */
    enum PoisonKind {
        /** Bytes that are no event at all: must be dead-lettered. */
        UNREADABLE,
        /** A readable request for a template that does not exist: refused for good. */
        UNKNOWN_TEMPLATE,
        /** A readable request asking for nonRepudiation, which PkcsUser forbids: refused for good. */
        NON_REPUDIATION
    }

    static final String UNKNOWN_TEMPLATE = "NoSuchTemplate-LoadPoison";

    private final KafkaProducer<String, byte[]> producer;
    private final EventSerializer<CertificateRequested> serializer = new EventSerializer<>();

    KafkaRequests(String bootstrap) {
        this.producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "load-generator",
                        ProducerConfig.LINGER_MS_CONFIG,
                        2,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        15_000),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    /** The event request-intake would publish for this device and profile. */
    static CertificateRequested request(String tenant, String requestId, Fleet.Device device, ProfileInfo profile) {
        return CertificateRequested.of(
                EventEnvelope.newEnvelope(tenant, requestId, null),
                device.id,
                profile.id(),
                profile.platform(),
                profile.templateName(),
                profile.keyAlgorithm(),
                // subjectNameFormat commonName: CN=<UPN>; the generated UPNs need no RFC 4514 escaping.
                "CN=" + device.userPrincipalName,
                List.of(new SubjectAlternativeName(
                        SubjectAlternativeNameType.USER_PRINCIPAL_NAME, device.userPrincipalName)),
                profile.extendedKeyUsages(),
                profile.nonRepudiation(),
                profile.validityDays(LocalDate.now(ZoneOffset.UTC)),
                device.publicKeyPem,
                null);
    }

    static String newRequestId() {
        return UUID.randomUUID().toString();
    }

    /** Sends one request event; completes when the broker acknowledged it. */
    CompletableFuture<Void> send(CertificateRequested event) {
        return send(event.partitionKey(), serializer.serialize(TOPIC, event), null, null);
    }

    /** The poison record of {@code kind} under {@code requestId} (also its key). */
    byte[] poison(PoisonKind kind, String tenant, String requestId, Fleet.Device device, ProfileInfo profile) {
        return switch (kind) {
            case UNREADABLE -> ("{\"eventId\":\"" + requestId + "\",\"requestId\":\"" + requestId
                            + "\", this is not a CertificateRequested \u0000\u00ff")
                    .getBytes(StandardCharsets.ISO_8859_1);
            case UNKNOWN_TEMPLATE -> serializer.serialize(
                    TOPIC, withTemplate(request(tenant, requestId, device, profile), UNKNOWN_TEMPLATE));
            case NON_REPUDIATION -> serializer.serialize(
                    TOPIC, withNonRepudiation(request(tenant, requestId, device, profile)));
        };
    }

    /** Sends raw bytes (poison, or a replayed record to its original partition with its headers). */
    CompletableFuture<Void> send(String key, byte[] value, Integer partition, Headers headers) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(TOPIC, partition, key, value, headers), (metadata, failure) -> {
            if (failure != null) {
                done.completeExceptionally(failure);
            } else {
                done.complete(null);
            }
        });
        return done;
    }

    void flush() {
        producer.flush();
    }

    private static CertificateRequested withTemplate(CertificateRequested r, String template) {
        return new CertificateRequested(
                r.eventId(),
                r.tenantId(),
                r.requestId(),
                r.occurredAt(),
                r.traceId(),
                r.deviceId(),
                r.profileId(),
                r.platform(),
                template,
                r.keyAlgorithm(),
                r.subjectName(),
                r.subjectAlternativeNames(),
                r.extendedKeyUsages(),
                r.nonRepudiation(),
                r.validityDays(),
                r.deviceManagementPublicKey(),
                r.supersedesSerialNumber());
    }

    private static CertificateRequested withNonRepudiation(CertificateRequested r) {
        return new CertificateRequested(
                r.eventId(),
                r.tenantId(),
                r.requestId(),
                r.occurredAt(),
                r.traceId(),
                r.deviceId(),
                r.profileId(),
                r.platform(),
                r.templateName(),
                r.keyAlgorithm(),
                r.subjectName(),
                r.subjectAlternativeNames(),
                r.extendedKeyUsages(),
                true,
                r.validityDays(),
                r.deviceManagementPublicKey(),
                r.supersedesSerialNumber());
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
