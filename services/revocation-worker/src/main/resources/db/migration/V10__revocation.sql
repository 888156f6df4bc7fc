-- The revocation worker's own projection of every certificate the connectors issued (from pki.cert-issued.v1),
-- its revocation state, and the CRLs it published. Serial numbers are lower-case hex, as on every event.

CREATE TABLE issued_certificate (
    serial_number          text        PRIMARY KEY,
    ca_id                  text        NOT NULL,
    tenant_id              text        NOT NULL,
    issuance_request_id    text        NOT NULL,
    device_id              text        NOT NULL,
    thumbprint             text        NOT NULL,
    not_after              timestamptz NOT NULL,
    status                 text        NOT NULL DEFAULT 'good' CHECK (status IN ('good', 'revoked')),
    revoked_at             timestamptz,
    reason_code            integer,
    revocation_request_id  text,
    revocation_event_id    uuid,
    recorded_at            timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'revoked') = (revoked_at IS NOT NULL AND reason_code IS NOT NULL))
);

-- What a CRL lists: the revoked certificates of one CA that have not expired yet.
CREATE INDEX issued_certificate_revoked ON issued_certificate (ca_id, not_after) WHERE status = 'revoked';

-- Revocation requests that failed for good (unknown serial, another tenant's serial), so a redelivered request
-- answers the same failure without a second event.
CREATE TABLE failed_revocation (
    revocation_request_id  text        PRIMARY KEY,
    tenant_id              text        NOT NULL,
    serial_number          text        NOT NULL,
    error_code             text        NOT NULL,
    failed_at              timestamptz NOT NULL DEFAULT now()
);

-- The latest CRL of each CA (issuing and root). crl_number only grows: every build takes the row lock and the
-- next number, so instances that build at once still publish increasing numbers.
CREATE TABLE crl (
    ca_id        text        PRIMARY KEY,
    crl_number   bigint      NOT NULL,
    this_update  timestamptz NOT NULL,
    next_update  timestamptz NOT NULL,
    entries      integer     NOT NULL,
    der          bytea       NOT NULL,
    built_at     timestamptz NOT NULL DEFAULT now(),
    build_millis integer     NOT NULL
);
