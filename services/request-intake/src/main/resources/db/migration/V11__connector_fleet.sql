-- The connector fleet view (issue #4). Connectors are deployment-wide shared infrastructure: the instance table
-- has no tenant. The health buckets do: each tenant sees only the outcomes of its own requests.

-- Each connector instance's latest check-in, projected from the compacted pki.connector-heartbeat.v1 topic.
-- Updated only by a heartbeat with a later last_checkin_date_time, so a replayed or late one never goes back.
CREATE TABLE connector_instance (
    connector_id           text        PRIMARY KEY,
    connector_name         text        NOT NULL,
    machine_name           text        NOT NULL,
    connector_version      text        NOT NULL,
    enrollment_date_time   timestamptz NOT NULL,
    last_checkin_date_time timestamptz NOT NULL
);

-- Issuance outcomes per connector and minute (UTC), counted once per outcome from pki.cert-issued.v1 and
-- pki.cert-failed.v1; coarser intervals are summed from these at query time.
CREATE TABLE connector_health_bucket (
    tenant_id     text        NOT NULL,
    connector_id  text        NOT NULL,
    bucket_start  timestamptz NOT NULL,
    success_count bigint      NOT NULL DEFAULT 0,
    failure_count bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, connector_id, bucket_start)
);
-- The fleet-wide series of one tenant, and the retention sweep.
CREATE INDEX connector_health_bucket_tenant_time ON connector_health_bucket (tenant_id, bucket_start);
CREATE INDEX connector_health_bucket_time ON connector_health_bucket (bucket_start);

-- processed_event (db/common) remembers the outcome events of requests this service does not know (a load
-- generator's), so that a redelivery is not counted twice; this index lets the retention sweep find old ones.
CREATE INDEX processed_event_consumer_age ON processed_event (consumer, processed_at);
