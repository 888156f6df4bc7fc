package io.pkcsconnector.issuanceworker.messaging;

import io.pkcsconnector.contracts.CertificateRequested;
import io.pkcsconnector.issuanceworker.IssuanceMetrics;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.DeserializationFailureHandler;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Headers;
import org.jboss.logging.Logger;

/**
 * A record on the request topic that is not a valid {@link CertificateRequested} (garbage bytes, a broken
 * contract) can never be processed. The failure details go into its headers, which make the dead-letter-queue
 * failure strategy park the original bytes on {@code pki.cert-requested.v1.dlq} and commit past it, before the
 * consumer method ever sees it: a poison message costs one dead letter and blocks nothing.
 */
@ApplicationScoped
@Identifier(PoisonRequestHandler.NAME)
public class PoisonRequestHandler implements DeserializationFailureHandler<CertificateRequested> {

    static final String NAME = "unreadable-certificate-request";

    private static final Logger LOG = Logger.getLogger(PoisonRequestHandler.class);

    private final IssuanceMetrics metrics;

    PoisonRequestHandler(IssuanceMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public CertificateRequested handleDeserializationFailure(
            String topic, boolean isKey, String deserializer, byte[] data, Exception exception, Headers headers) {
        metrics.deadLettered();
        // The deserializer's message names the reason, never the payload, which may carry a device key.
        LOG.warnf("Dead-lettering an unreadable record from %s: %s", topic, exception.getMessage());
        return null;
    }
}
