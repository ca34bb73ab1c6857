-- Leads (people and companies who showed interest, not yet qualified) and the picklists whose
-- values their choice fields take. Every list sort is (field, id) so keyset pages have an index.

CREATE TABLE picklist_values (
    id          TEXT PRIMARY KEY NOT NULL,
    entity      TEXT NOT NULL,
    field       TEXT NOT NULL,
    value       TEXT NOT NULL,
    label       TEXT NOT NULL,
    sort_order  BIGINT NOT NULL,
    is_active   BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_picklist_values__value ON picklist_values (entity, field, value);
CREATE INDEX ix_picklist_values__order ON picklist_values (entity, field, sort_order, id);

CREATE TABLE leads (
    id                       TEXT PRIMARY KEY NOT NULL,
    subject                  TEXT,
    salutation               TEXT,
    first_name               TEXT,
    last_name                TEXT,
    full_name                TEXT NOT NULL,
    company_name             TEXT,
    job_title                TEXT,
    email                    TEXT,
    phone                    TEXT,
    mobile_phone             TEXT,
    website                  TEXT,
    address_line1            TEXT,
    address_line2            TEXT,
    city                     TEXT,
    region                   TEXT,
    postal_code              TEXT,
    country                  TEXT,
    industry                 TEXT,
    employees                BIGINT,
    source                   TEXT,
    rating                   TEXT,
    budget_amount            BIGINT,
    currency                 TEXT,
    is_decision_maker        BOOLEAN,
    need                     TEXT,
    decision_timeline        TEXT,
    description              TEXT,
    status                   TEXT NOT NULL,
    disqualification_reason  TEXT,
    disqualification_note    TEXT,
    status_changed_at        TIMESTAMP NOT NULL,
    last_touched_at          TIMESTAMP,
    import_batch_id          TEXT,
    qualified_account_id     TEXT,
    qualified_contact_id     TEXT,
    qualified_opportunity_id TEXT,
    owner_id                 TEXT NOT NULL,
    business_unit_id         TEXT NOT NULL REFERENCES business_units (id),
    created_by               TEXT,
    updated_by               TEXT,
    created_at               TIMESTAMP NOT NULL,
    updated_at               TIMESTAMP NOT NULL,
    version                  BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX ix_leads__created_at ON leads (created_at, id);
CREATE INDEX ix_leads__updated_at ON leads (updated_at, id);
CREATE INDEX ix_leads__full_name ON leads (full_name, id);
CREATE INDEX ix_leads__company_name ON leads (company_name, id);
CREATE INDEX ix_leads__owner_id ON leads (owner_id);
CREATE INDEX ix_leads__business_unit_id ON leads (business_unit_id);
-- The work lists: open leads by status, hot ones first, untouched ones.
CREATE INDEX ix_leads__status ON leads (status, created_at, id);
CREATE INDEX ix_leads__rating ON leads (rating, created_at, id);
CREATE INDEX ix_leads__source ON leads (source, created_at, id);
CREATE INDEX ix_leads__last_touched_at ON leads (last_touched_at, id);
CREATE INDEX ix_leads__email ON leads (email);
CREATE INDEX ix_leads__import_batch_id ON leads (import_batch_id, created_at, id);
-- Duplicates are found by email whatever its case, among leads and contacts.
CREATE INDEX ix_leads__email_lower ON leads (lower(email));
CREATE INDEX ix_contacts__email_lower ON contacts (lower(email));

-- Imports of lead lists. A file streams into the staging tables in short transactions; when it
-- has been read whole, one transaction moves its rows into leads and its creations into the
-- change log, so a batch is either entirely there or not at all. A batch left 'receiving' by a
-- server that stopped is discarded.
CREATE TABLE import_batches (
    id                TEXT PRIMARY KEY NOT NULL,
    entity            TEXT NOT NULL,
    source            TEXT,
    status            TEXT NOT NULL,
    total_lines       BIGINT NOT NULL DEFAULT 0,
    created_count     BIGINT NOT NULL DEFAULT 0,
    rejected_count    BIGINT NOT NULL DEFAULT 0,
    duplicate_count   BIGINT NOT NULL DEFAULT 0,
    owner_id          TEXT NOT NULL,
    business_unit_id  TEXT NOT NULL,
    created_by        TEXT,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    completed_at      TIMESTAMP
);
CREATE INDEX ix_import_batches__created_at ON import_batches (created_at, id);
CREATE INDEX ix_import_batches__status ON import_batches (status, updated_at);
CREATE INDEX ix_import_batches__owner_id ON import_batches (owner_id);
CREATE INDEX ix_import_batches__business_unit_id ON import_batches (business_unit_id);

CREATE TABLE lead_import_rows (
    batch_id                 TEXT NOT NULL,
    line                     BIGINT NOT NULL,
    id                       TEXT NOT NULL,
    subject                  TEXT,
    salutation               TEXT,
    first_name               TEXT,
    last_name                TEXT,
    full_name                TEXT NOT NULL,
    company_name             TEXT,
    job_title                TEXT,
    email                    TEXT,
    phone                    TEXT,
    mobile_phone             TEXT,
    website                  TEXT,
    address_line1            TEXT,
    address_line2            TEXT,
    city                     TEXT,
    region                   TEXT,
    postal_code              TEXT,
    country                  TEXT,
    industry                 TEXT,
    employees                BIGINT,
    source                   TEXT,
    rating                   TEXT,
    budget_amount            BIGINT,
    currency                 TEXT,
    is_decision_maker        BOOLEAN,
    need                     TEXT,
    decision_timeline        TEXT,
    description              TEXT,
    status                   TEXT NOT NULL,
    disqualification_reason  TEXT,
    disqualification_note    TEXT,
    status_changed_at        TIMESTAMP NOT NULL,
    last_touched_at          TIMESTAMP,
    import_batch_id          TEXT,
    qualified_account_id     TEXT,
    qualified_contact_id     TEXT,
    qualified_opportunity_id TEXT,
    owner_id                 TEXT NOT NULL,
    business_unit_id         TEXT NOT NULL,
    created_by               TEXT,
    updated_by               TEXT,
    created_at               TIMESTAMP NOT NULL,
    updated_at               TIMESTAMP NOT NULL,
    version                  BIGINT NOT NULL,
    PRIMARY KEY (batch_id, line)
);
CREATE INDEX ix_lead_import_rows__email_lower ON lead_import_rows (batch_id, lower(email));

CREATE TABLE change_import_rows (
    batch_id   TEXT NOT NULL,
    line       BIGINT NOT NULL,
    record_id  TEXT NOT NULL,
    fields     TEXT NOT NULL,
    PRIMARY KEY (batch_id, line)
);

-- The choices an organization starts with; administrators change them.
INSERT INTO picklist_values (id, entity, field, value, label, sort_order, is_active, created_at, updated_at, version) VALUES
    ('019ad8a0-0000-7000-8000-000000000001', 'leads', 'source', 'web', 'Web', 10, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1),
    ('019ad8a0-0000-7000-8000-000000000002', 'leads', 'source', 'referral', 'Referral', 20, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1),
    ('019ad8a0-0000-7000-8000-000000000003', 'leads', 'source', 'trade_show', 'Trade show', 30, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1),
    ('019ad8a0-0000-7000-8000-000000000004', 'leads', 'source', 'purchased_list', 'Purchased list', 40, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1),
    ('019ad8a0-0000-7000-8000-000000000005', 'leads', 'source', 'campaign', 'Campaign', 50, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1),
    ('019ad8a0-0000-7000-8000-000000000006', 'leads', 'source', 'phone_inquiry', 'Phone inquiry', 60, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1),
    ('019ad8a0-0000-7000-8000-000000000007', 'leads', 'source', 'partner', 'Partner', 70, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1),
    ('019ad8a0-0000-7000-8000-000000000008', 'leads', 'source', 'other', 'Other', 80, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1),
    ('019ad8a0-0000-7000-8000-000000000009', 'leads', 'rating', 'hot', 'Hot', 10, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1),
    ('019ad8a0-0000-7000-8000-000000000010', 'leads', 'rating', 'warm', 'Warm', 20, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1),
    ('019ad8a0-0000-7000-8000-000000000011', 'leads', 'rating', 'cold', 'Cold', 30, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1),
    ('019ad8a0-0000-7000-8000-000000000012', 'leads', 'need', 'must_have', 'Must have', 10, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1),
    ('019ad8a0-0000-7000-8000-000000000013', 'leads', 'need', 'should_have', 'Should have', 20, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1),
    ('019ad8a0-0000-7000-8000-000000000014', 'leads', 'need', 'good_to_have', 'Good to have', 30, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1),
    ('019ad8a0-0000-7000-8000-000000000015', 'leads', 'need', 'no_need', 'No need', 40, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1),
    ('019ad8a0-0000-7000-8000-000000000016', 'leads', 'decision_timeline', '30_days', 'Within 30 days', 10, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1),
    ('019ad8a0-0000-7000-8000-000000000017', 'leads', 'decision_timeline', '90_days', 'Within 90 days', 20, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1),
    ('019ad8a0-0000-7000-8000-000000000018', 'leads', 'decision_timeline', '6_months', 'Within 6 months', 30, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1),
    ('019ad8a0-0000-7000-8000-000000000019', 'leads', 'decision_timeline', '12_months', 'Within 12 months', 40, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1),
    ('019ad8a0-0000-7000-8000-000000000020', 'leads', 'decision_timeline', 'unknown', 'Not known', 50, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1),
    ('019ad8a0-0000-7000-8000-000000000021', 'leads', 'disqualification_reason', 'no_budget', 'No budget', 10, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1),
    ('019ad8a0-0000-7000-8000-000000000022', 'leads', 'disqualification_reason', 'no_need', 'No need', 20, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1),
    ('019ad8a0-0000-7000-8000-000000000023', 'leads', 'disqualification_reason', 'not_reachable', 'Could not be reached', 30, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1),
    ('019ad8a0-0000-7000-8000-000000000024', 'leads', 'disqualification_reason', 'lost_to_competitor', 'Lost to a competitor', 40, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1),
    ('019ad8a0-0000-7000-8000-000000000025', 'leads', 'disqualification_reason', 'not_interested', 'Not interested', 50, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1),
    ('019ad8a0-0000-7000-8000-000000000026', 'leads', 'disqualification_reason', 'duplicate', 'Duplicate', 60, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1),
    ('019ad8a0-0000-7000-8000-000000000027', 'leads', 'disqualification_reason', 'other', 'Other', 70, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1);
