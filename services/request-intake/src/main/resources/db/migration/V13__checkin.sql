-- Device check-in: a fingerprint of the profile fields that shape the certificate when the request was made (a
-- change to them re-issues; a change of assignments or display name does not) and why the request was made
-- (initial, retry, renewal, profileChanged; null for admin requests).
ALTER TABLE certificate_request ADD COLUMN profile_fingerprint text;
ALTER TABLE certificate_request ADD COLUMN reason text;
-- The check-in's question: the latest request of a device for a profile.
CREATE INDEX certificate_request_device_profile ON certificate_request (tenant_id, device_id, profile_id, created_at);
