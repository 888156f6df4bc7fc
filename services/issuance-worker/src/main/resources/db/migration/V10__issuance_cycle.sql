-- The issuance cycle, crash-safe like boulder's ISSUANCE-CYCLE. Runs in the service's own schema, after the shared
-- outbox/inbox migration (V1-V9 belong to service-common).

-- One row per certificate request ever seen: its idempotency record and the state of its issuance.
--   in_progress  a serial is reserved and an attempt (owner_token) signs under it until lease_until;
--                after that another attempt may take the request over with a new serial
--   issued       terminal: the certificate and the event announcing it (re-published to duplicates)
--   failed       terminal: refused for good, with the event announcing it
CREATE TABLE issuance_request (
    request_id       text        PRIMARY KEY,
    tenant_id        text        NOT NULL,
    device_id        text        NOT NULL,
    profile_id       text        NOT NULL,
    key_algorithm    text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('in_progress', 'issued', 'failed')),
    serial_number    text        UNIQUE,
    owner_token      text,
    owner_connector  text,
    lease_until      timestamptz,
    attempts         integer     NOT NULL DEFAULT 1,
    thumbprint       text,
    certificate_pem  text,
    not_before       timestamptz,
    not_after        timestamptz,
    error_code       text,
    error_message    text,
    outcome_event_id uuid,
    outcome_event    text, -- the exact JSON published; never a clear password or private key (contracts refuse them)
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (status <> 'in_progress' OR (serial_number IS NOT NULL AND owner_token IS NOT NULL
                                       AND lease_until IS NOT NULL)),
    CHECK (status <> 'issued' OR (serial_number IS NOT NULL AND certificate_pem IS NOT NULL
                                  AND outcome_event IS NOT NULL)),
    CHECK (status <> 'failed' OR (error_code IS NOT NULL AND outcome_event IS NOT NULL))
);

-- Every serial number ever reserved for signing, and what became of it. A serial is recorded before the CA
-- signs under it, so a crash between signing and recording leaves a trace here (status reserved, then
-- abandoned when another attempt takes the request over), and an audit can tell every serial the CA may have
-- used from the one certificate that was published.
CREATE TABLE certificate_serial (
    serial_number text        PRIMARY KEY CHECK (serial_number ~ '^[0-9a-f]+$'),
    request_id    text        NOT NULL REFERENCES issuance_request (request_id),
    status        text        NOT NULL CHECK (status IN ('reserved', 'issued', 'abandoned')),
    reserved_by   text        NOT NULL,
    reserved_at   timestamptz NOT NULL DEFAULT now(),
    closed_by     text,
    closed_at     timestamptz,
    reason        text
);
CREATE INDEX certificate_serial_by_request ON certificate_serial (request_id);
-- The last word on "one certificate per request", whatever the application does.
CREATE UNIQUE INDEX certificate_serial_one_issued_per_request ON certificate_serial (request_id)
    WHERE status = 'issued';

-- Connector instances and when each first checked in, so that a restart keeps its enrollment date.
CREATE TABLE connector_instance (
    connector_id      text        PRIMARY KEY,
    connector_name    text        NOT NULL,
    machine_name      text        NOT NULL,
    connector_version text        NOT NULL,
    enrolled_at       timestamptz NOT NULL DEFAULT now(),
    last_checkin_at   timestamptz NOT NULL DEFAULT now()
);
