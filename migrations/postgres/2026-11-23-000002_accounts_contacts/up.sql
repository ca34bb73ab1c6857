-- Accounts (companies, with child accounts) and contacts (people, usually at an account).
-- Money is minor units (BIGINT) beside an ISO 4217 currency. Every list sort is (field, id) so
-- keyset pages have an index to walk.

CREATE TABLE accounts (
    id                  TEXT PRIMARY KEY NOT NULL,
    name                TEXT NOT NULL,
    account_number      TEXT,
    relationship_type   TEXT,
    industry            TEXT,
    employees           BIGINT,
    annual_revenue      BIGINT,
    currency            TEXT,
    website             TEXT,
    email               TEXT,
    phone               TEXT,
    fax                 TEXT,
    address_line1       TEXT,
    address_line2       TEXT,
    city                TEXT,
    region              TEXT,
    postal_code         TEXT,
    country             TEXT,
    description         TEXT,
    parent_account_id   TEXT REFERENCES accounts (id),
    primary_contact_id  TEXT,
    external_id         TEXT,
    owner_id            TEXT NOT NULL,
    business_unit_id    TEXT NOT NULL REFERENCES business_units (id),
    created_by          TEXT,
    updated_by          TEXT,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    version             BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_accounts__external_id ON accounts (external_id);
CREATE INDEX ix_accounts__created_at ON accounts (created_at, id);
CREATE INDEX ix_accounts__updated_at ON accounts (updated_at, id);
CREATE INDEX ix_accounts__name ON accounts (name, id);
CREATE INDEX ix_accounts__parent_account_id ON accounts (parent_account_id);
CREATE INDEX ix_accounts__primary_contact_id ON accounts (primary_contact_id);
CREATE INDEX ix_accounts__owner_id ON accounts (owner_id);
CREATE INDEX ix_accounts__business_unit_id ON accounts (business_unit_id);
-- The filters people use most: exact lookups and picklists.
CREATE INDEX ix_accounts__account_number ON accounts (account_number);
CREATE INDEX ix_accounts__email ON accounts (email);
CREATE INDEX ix_accounts__relationship_type ON accounts (relationship_type, name, id);
CREATE INDEX ix_accounts__industry ON accounts (industry, name, id);
CREATE INDEX ix_accounts__city ON accounts (city);
CREATE INDEX ix_accounts__country ON accounts (country);

CREATE TABLE contacts (
    id                  TEXT PRIMARY KEY NOT NULL,
    salutation          TEXT,
    first_name          TEXT,
    last_name           TEXT NOT NULL,
    full_name           TEXT NOT NULL,
    job_title           TEXT,
    department          TEXT,
    email               TEXT,
    phone               TEXT,
    mobile_phone        TEXT,
    address_line1       TEXT,
    address_line2       TEXT,
    city                TEXT,
    region              TEXT,
    postal_code         TEXT,
    country             TEXT,
    birthdate           DATE,
    description         TEXT,
    preferred_contact_method TEXT,
    do_not_email        BOOLEAN NOT NULL DEFAULT FALSE,
    do_not_phone        BOOLEAN NOT NULL DEFAULT FALSE,
    do_not_bulk_email   BOOLEAN NOT NULL DEFAULT FALSE,
    account_id          TEXT REFERENCES accounts (id),
    external_id         TEXT,
    owner_id            TEXT NOT NULL,
    business_unit_id    TEXT NOT NULL REFERENCES business_units (id),
    created_by          TEXT,
    updated_by          TEXT,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    version             BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_contacts__external_id ON contacts (external_id);
CREATE INDEX ix_contacts__created_at ON contacts (created_at, id);
CREATE INDEX ix_contacts__updated_at ON contacts (updated_at, id);
CREATE INDEX ix_contacts__last_name ON contacts (last_name, id);
CREATE INDEX ix_contacts__full_name ON contacts (full_name, id);
CREATE INDEX ix_contacts__email ON contacts (email);
CREATE INDEX ix_contacts__account_id ON contacts (account_id, created_at, id);
CREATE INDEX ix_contacts__owner_id ON contacts (owner_id);
CREATE INDEX ix_contacts__business_unit_id ON contacts (business_unit_id);
CREATE INDEX ix_contacts__city ON contacts (city);
CREATE INDEX ix_contacts__country ON contacts (country);

ALTER TABLE accounts
    ADD CONSTRAINT fk_accounts__primary_contact_id
    FOREIGN KEY (primary_contact_id) REFERENCES contacts (id);
