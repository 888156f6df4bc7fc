-- Kind trustedRoot: the store the device puts the certificate in (Graph certificateDestinationStore), when the
-- producer named one.
ALTER TABLE delivery ADD COLUMN destination_store text;
