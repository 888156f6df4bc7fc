-- The device inbox. Runs in the notifier schema (Flyway and Hibernate's default schema).

-- One row per item a device must fetch. seq orders a device's inbox and is what the opaque cursor encodes;
-- writers of one device serialise on an advisory lock before taking a value, so a reader that has seen
-- seq N can never later find a committed row of that device below N.
CREATE TABLE delivery (
    seq                    bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id              text        NOT NULL,
    delivery_id            text        NOT NULL,
    device_id              text        NOT NULL,
    kind                   text        NOT NULL CHECK (kind IN ('pkcs', 'importedPfx', 'trustedRoot', 'remove')),
    -- The certificate request a pkcs delivery answers; null for the other kinds.
    request_id             text,
    serial_number          text,
    thumbprint             text,
    -- Already encrypted for this one device by the producer; stored and served as received.
    encrypted_pfx_blob     text,
    encrypted_pfx_password text,
    padding_scheme         text,
    certificate_pem        text,
    status                 text        NOT NULL DEFAULT 'pending'
                                       CHECK (status IN ('pending', 'installed', 'installFailed')),
    error_code             text,
    -- The event that created the row and its trace, so the acknowledgement continues the same trace.
    source_event_id        uuid        NOT NULL,
    trace_id               text,
    created_at             timestamptz NOT NULL DEFAULT now(),
    acknowledged_at        timestamptz,
    CONSTRAINT delivery_tenant_delivery_id UNIQUE (tenant_id, delivery_id),
    CONSTRAINT delivery_pkcs_has_request CHECK (kind <> 'pkcs' OR request_id IS NOT NULL)
);

-- A certificate request yields one pkcs delivery, whether it arrives as pki.cert-issued.v1 or as a
-- pki.delivery-requested.v1 of kind pkcs, and however often either is redelivered or replayed.
CREATE UNIQUE INDEX delivery_pkcs_request ON delivery (tenant_id, request_id) WHERE kind = 'pkcs';

-- The inbox read: one device of one tenant, after a cursor, in seq order.
CREATE INDEX delivery_inbox ON delivery (tenant_id, device_id, seq);

-- Devices this service knows per tenant (enrolled, or given a delivery), so that an empty inbox of a real
-- device answers 200 while an id unknown in the caller's tenant answers 404.
CREATE TABLE known_device (
    tenant_id  text        NOT NULL,
    device_id  text        NOT NULL,
    first_seen timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, device_id)
);
