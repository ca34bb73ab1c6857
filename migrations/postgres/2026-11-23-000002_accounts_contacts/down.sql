ALTER TABLE accounts DROP CONSTRAINT fk_accounts__primary_contact_id;
DROP TABLE contacts;
DROP TABLE accounts;
