-- A row the broker refuses (too large, unknown topic) must not hold back the rows behind it: each row is
-- retried on its own schedule and its last error is kept for operators.
ALTER TABLE outbox_event ADD COLUMN next_attempt_at timestamptz;
ALTER TABLE outbox_event ADD COLUMN last_error text;
