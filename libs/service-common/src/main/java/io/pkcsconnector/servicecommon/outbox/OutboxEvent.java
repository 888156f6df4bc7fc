package io.pkcsconnector.servicecommon.outbox;

import io.pkcsconnector.contracts.EventJson;
import io.pkcsconnector.contracts.PkiEvent;
import io.pkcsconnector.contracts.Topics;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** One event waiting in the service's own schema to be published (table from the shared V1 migration). */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(nullable = false)
    public String topic;

    @Column(name = "message_key")
    public String messageKey;

    @Column(nullable = false)
    public String payload;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "published_at")
    public OffsetDateTime publishedAt;

    @Column(nullable = false)
    public int attempts;

    public static OutboxEvent of(PkiEvent event) {
        OutboxEvent row = new OutboxEvent();
        row.eventId = UUID.fromString(event.eventId());
        row.tenantId = event.tenantId();
        row.topic = Topics.forEvent(event.getClass()).name();
        row.messageKey = event.partitionKey();
        row.payload = EventJson.toJson(event);
        row.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        return row;
    }
}
