-- A remove may name the delivery it takes back. An install that arrives after its removal (two outbox relays
-- published them out of order) is then not stored: the device never installs a certificate already taken back.
ALTER TABLE delivery ADD COLUMN cancels_delivery_id text;
CREATE INDEX delivery_cancels ON delivery (tenant_id, cancels_delivery_id) WHERE cancels_delivery_id IS NOT NULL;
