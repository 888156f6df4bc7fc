-- request-intake's own tables (schema "intake"). Every row belongs to one tenant; every query filters on it.

CREATE TABLE pkcs_profile (
    tenant_id      text        NOT NULL,
    profile_id     text        NOT NULL,
    platform       text        NOT NULL,
    template_name  text        NOT NULL,
    document       text        NOT NULL, -- the validated profile as JSON (Graph field names)
    version        integer     NOT NULL,
    created_at     timestamptz NOT NULL,
    modified_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, profile_id)
);

CREATE TABLE device (
    tenant_id             text        NOT NULL,
    device_id             text        NOT NULL,
    platform              text        NOT NULL,
    user_principal_name   text,
    user_id               text,
    email_address         text,
    device_name           text,
    serial_number         text,
    imei                  text,
    aad_device_id         text,
    wifi_mac_address      text,
    management_public_key text        NOT NULL,
    created_at            timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, device_id)
);

CREATE TABLE certificate_request (
    request_id       uuid        PRIMARY KEY,
    tenant_id        text        NOT NULL,
    idempotency_key  text        NOT NULL,
    body_hash        text        NOT NULL, -- SHA-256 of the request body: same key + other body is refused
    device_id        text        NOT NULL,
    profile_id       text        NOT NULL,
    status           text        NOT NULL, -- Graph certificateIssuanceState
    serial_number    text,
    thumbprint       text,
    not_before       timestamptz,
    not_after        timestamptz,
    key_length       integer,
    extended_key_usages text,
    error_code       text,
    error_message    text,
    created_at       timestamptz NOT NULL,
    status_changed_at timestamptz NOT NULL,
    UNIQUE (tenant_id, idempotency_key)
);
CREATE INDEX certificate_request_device ON certificate_request (tenant_id, device_id, created_at);

-- The CA's public certificates, projected from the compacted pki.ca-certificates.v1 topic.
CREATE TABLE ca_certificate (
    ca_id                   text        PRIMARY KEY,
    root_certificate_pem    text        NOT NULL,
    issuing_certificate_pem text        NOT NULL,
    crl_url                 text        NOT NULL,
    ocsp_url                text        NOT NULL,
    published_at            timestamptz NOT NULL
);
