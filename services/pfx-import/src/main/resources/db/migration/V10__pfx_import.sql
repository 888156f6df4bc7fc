-- pfx-import's own tables (the outbox and inbox come from service-common's V1/V2).

-- Import key pairs: administrators encrypt PFX passwords with the public key; the private key is stored only
-- wrapped (AES-256-GCM under the key-encryption key from configuration, bound to the key's name), so a copy of
-- the database alone decrypts nothing. Keys are never replaced: imports stored under a key need it for as long
-- as they exist.
CREATE TABLE import_key (
    tenant_id           text        NOT NULL,
    provider_name       text        NOT NULL,
    key_name            text        NOT NULL,
    key_size            integer     NOT NULL,
    public_key_pem      text        NOT NULL,
    wrapped_private_key bytea       NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, provider_name, key_name)
);

-- Graph userPFXCertificate: the blob and the encrypted password exactly as the administrator sent them.
CREATE TABLE user_pfx_certificate (
    tenant_id              text        NOT NULL,
    id                     text        NOT NULL, -- {userId}-{thumbprint}
    user_id                text        NOT NULL,
    user_principal_name    text        NOT NULL,
    thumbprint             text        NOT NULL, -- upper-case SHA-1 hex
    serial_number          text        NOT NULL, -- lower-case hex, for remove deliveries
    intended_purpose       text        NOT NULL,
    start_date_time        timestamptz NOT NULL,
    expiration_date_time   timestamptz NOT NULL,
    provider_name          text        NOT NULL,
    key_name               text        NOT NULL,
    padding_scheme         text        NOT NULL,
    encrypted_pfx_blob     bytea       NOT NULL,
    encrypted_pfx_password text        NOT NULL,
    created_at             timestamptz NOT NULL,
    last_modified_at       timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, provider_name, key_name) REFERENCES import_key (tenant_id, provider_name, key_name)
);
CREATE INDEX user_pfx_certificate_by_upn ON user_pfx_certificate (tenant_id, lower(user_principal_name), id);
CREATE INDEX user_pfx_certificate_by_user ON user_pfx_certificate (tenant_id, user_id);

-- Every device of the tenant (from the compacted pki.device-enrolled.v1), so an import reaches all of a user's
-- devices and a device enrolled later gets the user's imports.
CREATE TABLE device (
    tenant_id             text        NOT NULL,
    device_id             text        NOT NULL,
    user_id               text        NOT NULL,
    user_principal_name   text        NOT NULL,
    management_public_key text        NOT NULL,
    retired_at            timestamptz,
    updated_at            timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, device_id)
);
CREATE INDEX device_by_user ON device (tenant_id, user_id);
CREATE INDEX device_by_upn ON device (tenant_id, lower(user_principal_name));

-- One row per imported certificate and device it was sent to: the primary key is what makes a fan-out that runs
-- twice (a redelivered event, the import and a device enrolment racing) send one delivery, not two.
CREATE TABLE pfx_delivery (
    tenant_id               text        NOT NULL,
    user_pfx_certificate_id text        NOT NULL,
    device_id               text        NOT NULL,
    delivery_id             uuid        NOT NULL,
    delivered_at            timestamptz NOT NULL DEFAULT now(),
    removed_at              timestamptz,
    PRIMARY KEY (tenant_id, user_pfx_certificate_id, device_id),
    FOREIGN KEY (tenant_id, user_pfx_certificate_id) REFERENCES user_pfx_certificate (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX pfx_delivery_by_device ON pfx_delivery (tenant_id, device_id);
