DROP TABLE change_import_rows;
DROP TABLE lead_import_rows;
DROP TABLE import_batches;
DROP INDEX ix_contacts__email_lower;
DROP TABLE leads;
DROP TABLE picklist_values;
