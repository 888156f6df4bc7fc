-- Shared by every service (versions V1-V9 are reserved for service-common; a service's own migrations in
-- db/migration start at V10). Flyway runs this in the service's own schema.

-- Transactional outbox: an event is written in the same transaction as the state change it announces and
-- published afterwards, so a crash between the two publishes once more at worst and never loses it.
CREATE TABLE outbox_event (
    event_id     uuid        PRIMARY KEY,
    tenant_id    text        NOT NULL,
    topic        text        NOT NULL,
    message_key  text,
    payload      text        NOT NULL, -- the exact JSON bytes to publish (jsonb would reorder keys)
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz,
    attempts     integer     NOT NULL DEFAULT 0
);
CREATE INDEX outbox_event_unpublished ON outbox_event (created_at) WHERE published_at IS NULL;

-- Inbox: events a consumer has already applied, so a redelivered or replayed event changes nothing.
CREATE TABLE processed_event (
    consumer     text        NOT NULL,
    event_id     uuid        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
