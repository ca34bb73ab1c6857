-- Opportunities (potential sales) moving through a configurable sales process, with the
-- competitors met, the key people of the deal and how the revenue credit is split.

CREATE TABLE sales_stages (
    id                   TEXT PRIMARY KEY NOT NULL,
    value                TEXT NOT NULL,
    label                TEXT NOT NULL,
    sort_order           BIGINT NOT NULL,
    default_probability  BIGINT NOT NULL,
    is_active            BOOLEAN NOT NULL DEFAULT TRUE,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL,
    version              BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_sales_stages__value ON sales_stages (value);
CREATE INDEX ix_sales_stages__order ON sales_stages (sort_order, id);
INSERT INTO sales_stages (id, value, label, sort_order, default_probability, is_active, created_at, updated_at, version) VALUES
    ('019ad8a0-0001-7000-8000-000000000001', 'prospecting', 'Prospecting', 10, 10, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1),
    ('019ad8a0-0001-7000-8000-000000000002', 'qualification', 'Qualification', 20, 20, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1),
    ('019ad8a0-0001-7000-8000-000000000003', 'proposal', 'Proposal', 30, 50, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1),
    ('019ad8a0-0001-7000-8000-000000000004', 'negotiation', 'Negotiation', 40, 80, TRUE, '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1);

CREATE TABLE competitors (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    website     TEXT,
    strengths   TEXT,
    weaknesses  TEXT,
    created_by  TEXT,
    updated_by  TEXT,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_competitors__name ON competitors (lower(name));
CREATE INDEX ix_competitors__name ON competitors (name, id);
CREATE INDEX ix_competitors__created_at ON competitors (created_at, id);

CREATE TABLE opportunities (
    id                      TEXT PRIMARY KEY NOT NULL,
    name                    TEXT NOT NULL,
    account_id              TEXT REFERENCES accounts (id),
    contact_id              TEXT REFERENCES contacts (id),
    description             TEXT,
    estimated_revenue       BIGINT,
    currency                TEXT,
    estimated_close_date    DATE,
    stage                   TEXT NOT NULL,
    probability             BIGINT NOT NULL,
    status                  TEXT NOT NULL,
    actual_revenue          BIGINT,
    actual_close_date       DATE,
    loss_reason             TEXT,
    winning_competitor_id   TEXT REFERENCES competitors (id),
    stage_changed_at        TIMESTAMP NOT NULL,
    closed_at               TIMESTAMP,
    originating_lead_id     TEXT,
    owner_id                TEXT NOT NULL,
    business_unit_id        TEXT NOT NULL REFERENCES business_units (id),
    created_by              TEXT,
    updated_by              TEXT,
    created_at              TIMESTAMP NOT NULL,
    updated_at              TIMESTAMP NOT NULL,
    version                 BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX ix_opportunities__created_at ON opportunities (created_at, id);
CREATE INDEX ix_opportunities__updated_at ON opportunities (updated_at, id);
CREATE INDEX ix_opportunities__name ON opportunities (name, id);
CREATE INDEX ix_opportunities__estimated_close_date ON opportunities (estimated_close_date, id);
CREATE INDEX ix_opportunities__account_id ON opportunities (account_id);
CREATE INDEX ix_opportunities__contact_id ON opportunities (contact_id);
CREATE INDEX ix_opportunities__owner_id ON opportunities (owner_id);
CREATE INDEX ix_opportunities__business_unit_id ON opportunities (business_unit_id);
-- The pipeline board: open opportunities by stage.
CREATE INDEX ix_opportunities__status_stage ON opportunities (status, stage, created_at, id);
CREATE INDEX ix_opportunities__winning_competitor_id ON opportunities (winning_competitor_id);

CREATE TABLE opportunity_key_people (
    opportunity_id  TEXT NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
    contact_id      TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    role            TEXT,
    position        BIGINT NOT NULL,
    PRIMARY KEY (opportunity_id, contact_id)
);
CREATE INDEX ix_opportunity_key_people__contact_id ON opportunity_key_people (contact_id);

CREATE TABLE opportunity_competitors (
    opportunity_id  TEXT NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
    competitor_id   TEXT NOT NULL REFERENCES competitors (id) ON DELETE CASCADE,
    position        BIGINT NOT NULL,
    PRIMARY KEY (opportunity_id, competitor_id)
);
CREATE INDEX ix_opportunity_competitors__competitor_id ON opportunity_competitors (competitor_id);

CREATE TABLE opportunity_revenue_splits (
    opportunity_id  TEXT NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
    user_id         TEXT NOT NULL REFERENCES users (id),
    share_percent   BIGINT NOT NULL,
    position        BIGINT NOT NULL,
    PRIMARY KEY (opportunity_id, user_id)
);
CREATE INDEX ix_opportunity_revenue_splits__user_id ON opportunity_revenue_splits (user_id);
