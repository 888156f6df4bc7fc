-- Revocation triggers (docs/revocation.md): what an admin, a retire or a wipe asked the revocation-worker to
-- revoke, and what became of it. Every row belongs to one tenant; every query filters on it.

CREATE TABLE revocation_request (
    revocation_id          uuid        PRIMARY KEY, -- the requestId of RevocationRequested and of its outcome
    tenant_id              text        NOT NULL,
    serial_number          text        NOT NULL, -- lower-case hex, as certificate_request.serial_number
    reason                 text        NOT NULL, -- RFC 5280 CRLReason name (RevocationReason wire name)
    trigger                text        NOT NULL, -- admin | retire | wipe | renewal
    device_id              text,
    certificate_request_id uuid,                 -- the request that produced the certificate
    delivery_id            uuid,                 -- the remove delivery sent with a retire or wipe
    requested_by           text        NOT NULL, -- the admin's subject
    status                 text        NOT NULL, -- pending | revoked | failed
    error_code             text,
    error_message          text,
    requested_at           timestamptz NOT NULL,
    revoked_at             timestamptz,          -- the CRL entry's revocation date
    status_changed_at      timestamptz NOT NULL
);
-- At most one revocation of a certificate is in flight: the backstop for two callers racing past the check.
CREATE UNIQUE INDEX revocation_request_one_pending ON revocation_request (tenant_id, serial_number)
    WHERE status = 'pending';
-- Outcomes (pki.cert-revoked.v1) name the certificate by serial.
CREATE INDEX revocation_request_serial ON revocation_request (tenant_id, serial_number, requested_at);
-- A retired device's stored answer: the revocations its retire or wipe created.
CREATE INDEX revocation_request_device ON revocation_request (tenant_id, device_id, requested_at)
    WHERE device_id IS NOT NULL;

-- Graph certificateRevocationStatus of the certificate: none | pending | issued | failed | revoked. Kept apart
-- from status, because a failed revocation leaves the certificate valid (status stays issued or installed).
ALTER TABLE certificate_request ADD COLUMN revoke_status text NOT NULL DEFAULT 'none';
ALTER TABLE certificate_request ADD COLUMN revoked_at timestamptz;
UPDATE certificate_request SET revoke_status = 'revoked' WHERE status = 'revoked';
-- Revocations and their outcomes find the certificate by serial.
CREATE INDEX certificate_request_serial ON certificate_request (tenant_id, serial_number)
    WHERE serial_number IS NOT NULL;

-- A retired or wiped device keeps its row (its history and the stored answer to a repeated call) but gets no
-- new certificate requests. retire_request_id is the requestId of its DeviceRetired event.
ALTER TABLE device ADD COLUMN retired_at timestamptz;
ALTER TABLE device ADD COLUMN retire_action text; -- retire | wipe
ALTER TABLE device ADD COLUMN retire_request_id uuid;
