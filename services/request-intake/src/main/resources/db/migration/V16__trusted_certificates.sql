-- The trusted certificate profile: the CA's root (for the Trusted Root store) and issuing certificate (for the
-- Intermediate store) are delivered to a device once, at its first check-in with an assigned PKCS profile, and
-- again only when the CA publishes a certificate the device has not had (a new thumbprint).
CREATE TABLE trusted_certificate_delivery (
    tenant_id    text        NOT NULL,
    device_id    text        NOT NULL,
    thumbprint   text        NOT NULL,
    store        text        NOT NULL, -- Graph certificateDestinationStore
    delivery_id  uuid        NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, device_id, thumbprint)
);
