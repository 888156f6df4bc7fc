-- Renewal: when a certificate is to be renewed, at second precision: the profile's threshold (less than
-- renewalThresholdPercentage % of the lifetime left) plus a per-certificate jitter, so that a fleet enrolled on
-- one morning does not renew in one storm. Set by the renewal sweep once the certificate is issued, reset and
-- recomputed when the profile's threshold changes.
ALTER TABLE certificate_request ADD COLUMN renewal_at timestamptz;
-- The request this one replaces (a renewal or a profile change), so that the revoke-on-renewal option can revoke
-- the superseded certificate once its successor is issued.
ALTER TABLE certificate_request ADD COLUMN supersedes_request_id uuid;
-- The sweep's two questions: which issued certificates have no renewal time yet, and which are due.
CREATE INDEX certificate_request_renewal_due ON certificate_request (renewal_at)
    WHERE status IN ('issued', 'installed');
CREATE INDEX certificate_request_renewal_unscheduled ON certificate_request (created_at)
    WHERE renewal_at IS NULL AND status IN ('issued', 'installed');
