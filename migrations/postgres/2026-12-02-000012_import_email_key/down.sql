DROP INDEX ix_lead_import_rows__email_key;
CREATE INDEX ix_lead_import_rows__email_lower ON lead_import_rows (batch_id, lower(email));
ALTER TABLE lead_import_rows DROP COLUMN email_key;
