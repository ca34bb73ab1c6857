-- The lead import finds a line's email among the lines staged before it by the email as the
-- server lowercases it (Unicode-aware, where SQLite's lower() folds ASCII letters only), kept
-- beside the row instead of an index on lower(email).
ALTER TABLE lead_import_rows ADD COLUMN email_key TEXT;
DROP INDEX ix_lead_import_rows__email_lower;
CREATE INDEX ix_lead_import_rows__email_key ON lead_import_rows (batch_id, email_key);
