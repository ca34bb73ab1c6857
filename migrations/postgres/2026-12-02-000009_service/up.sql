-- Customer service: queues and their members, routing rules, service-level policies, contract
-- templates and contracts, and cases (DOMAIN.md section 5).

-- Human-readable numbers (CAS-000123, CNT-000045): a counter row per kind, moved on inside the
-- transaction that creates the record, so two creations never get the same number.
CREATE TABLE record_numbers (
    name        TEXT PRIMARY KEY NOT NULL,
    last_value  BIGINT NOT NULL
);
INSERT INTO record_numbers (name, last_value) VALUES ('cases', 0);
INSERT INTO record_numbers (name, last_value) VALUES ('contracts', 0);

CREATE TABLE queues (
    id             TEXT PRIMARY KEY NOT NULL,
    name           TEXT NOT NULL,
    description    TEXT,
    is_escalation  BOOLEAN NOT NULL DEFAULT FALSE,
    is_active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_by     TEXT,
    updated_by     TEXT,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    version        BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_queues__name ON queues (name);
CREATE INDEX ix_queues__name ON queues (name, id);
CREATE INDEX ix_queues__created_at ON queues (created_at, id);

CREATE TABLE queue_members (
    queue_id  TEXT NOT NULL REFERENCES queues (id),
    user_id   TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (queue_id, user_id)
);
CREATE INDEX ix_queue_members__user ON queue_members (user_id, queue_id);

CREATE TABLE routing_rules (
    id           TEXT PRIMARY KEY NOT NULL,
    name         TEXT NOT NULL,
    sort_order   BIGINT NOT NULL,
    is_active    BOOLEAN NOT NULL DEFAULT TRUE,
    conditions   TEXT NOT NULL,
    queue_id     TEXT NOT NULL REFERENCES queues (id),
    created_by   TEXT,
    updated_by   TEXT,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    version      BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX ix_routing_rules__sort_order ON routing_rules (sort_order, id);
CREATE INDEX ix_routing_rules__queue ON routing_rules (queue_id);

CREATE TABLE sla_policies (
    id           TEXT PRIMARY KEY NOT NULL,
    name         TEXT NOT NULL,
    description  TEXT,
    is_default   BOOLEAN NOT NULL DEFAULT FALSE,
    created_by   TEXT,
    updated_by   TEXT,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    version      BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_sla_policies__name ON sla_policies (name);
CREATE INDEX ix_sla_policies__name ON sla_policies (name, id);
CREATE INDEX ix_sla_policies__created_at ON sla_policies (created_at, id);

CREATE TABLE sla_targets (
    policy_id               TEXT NOT NULL REFERENCES sla_policies (id),
    priority                TEXT NOT NULL,
    first_response_minutes  BIGINT NOT NULL,
    resolution_minutes      BIGINT NOT NULL,
    PRIMARY KEY (policy_id, priority)
);

CREATE TABLE contract_templates (
    id              TEXT PRIMARY KEY NOT NULL,
    name            TEXT NOT NULL,
    description     TEXT,
    allotment_type  TEXT NOT NULL,
    allotment       BIGINT NOT NULL,
    duration_days   BIGINT NOT NULL,
    sla_policy_id   TEXT REFERENCES sla_policies (id),
    is_active       BOOLEAN NOT NULL DEFAULT TRUE,
    created_by      TEXT,
    updated_by      TEXT,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    version         BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_contract_templates__name ON contract_templates (name);
CREATE INDEX ix_contract_templates__name ON contract_templates (name, id);
CREATE INDEX ix_contract_templates__created_at ON contract_templates (created_at, id);

CREATE TABLE contracts (
    id                TEXT PRIMARY KEY NOT NULL,
    number            TEXT NOT NULL,
    name              TEXT NOT NULL,
    description       TEXT,
    template_id       TEXT REFERENCES contract_templates (id),
    account_id        TEXT REFERENCES accounts (id),
    contact_id        TEXT REFERENCES contacts (id),
    starts_on         DATE NOT NULL,
    ends_on           DATE NOT NULL,
    allotment_type    TEXT NOT NULL,
    allotment_total   BIGINT NOT NULL,
    allotment_used    BIGINT NOT NULL DEFAULT 0,
    sla_policy_id     TEXT REFERENCES sla_policies (id),
    status            TEXT NOT NULL,
    activated_at      TIMESTAMP,
    cancelled_at      TIMESTAMP,
    owner_id          TEXT NOT NULL,
    business_unit_id  TEXT NOT NULL REFERENCES business_units (id),
    created_by        TEXT,
    updated_by        TEXT,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    version           BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_contracts__number ON contracts (number);
CREATE INDEX ix_contracts__number ON contracts (number, id);
CREATE INDEX ix_contracts__name ON contracts (name, id);
CREATE INDEX ix_contracts__created_at ON contracts (created_at, id);
CREATE INDEX ix_contracts__updated_at ON contracts (updated_at, id);
CREATE INDEX ix_contracts__ends_on ON contracts (ends_on, id);
CREATE INDEX ix_contracts__account ON contracts (account_id, status, ends_on);
CREATE INDEX ix_contracts__contact ON contracts (contact_id, status, ends_on);
CREATE INDEX ix_contracts__template ON contracts (template_id);
CREATE INDEX ix_contracts__sla_policy ON contracts (sla_policy_id);
CREATE INDEX ix_contracts__owner ON contracts (owner_id, created_at, id);
CREATE INDEX ix_contracts__business_unit ON contracts (business_unit_id, created_at, id);

CREATE TABLE cases (
    id                       TEXT PRIMARY KEY NOT NULL,
    number                   TEXT NOT NULL,
    title                    TEXT NOT NULL,
    description              TEXT,
    account_id               TEXT REFERENCES accounts (id),
    contact_id               TEXT REFERENCES contacts (id),
    product                  TEXT,
    subject                  TEXT,
    case_type                TEXT,
    origin                   TEXT NOT NULL,
    priority                 TEXT NOT NULL,
    severity                 TEXT,
    status                   TEXT NOT NULL,
    queue_id                 TEXT REFERENCES queues (id),
    worked_by_id             TEXT REFERENCES users (id),
    queued_at                TIMESTAMP,
    routing_rule_id          TEXT,
    contract_id              TEXT REFERENCES contracts (id),
    entitlement              TEXT NOT NULL,
    drawn_down               BIGINT,
    sla_policy_id            TEXT REFERENCES sla_policies (id),
    first_response_due_at    TIMESTAMP,
    resolve_by_at            TIMESTAMP,
    first_responded_at       TIMESTAMP,
    first_response_minutes   BIGINT,
    first_response_breached  BOOLEAN NOT NULL DEFAULT FALSE,
    resolution_breached      BOOLEAN NOT NULL DEFAULT FALSE,
    paused_at                TIMESTAMP,
    paused_minutes           BIGINT NOT NULL DEFAULT 0,
    resolution               TEXT,
    resolved_at              TIMESTAMP,
    resolution_minutes       BIGINT,
    cancelled_at             TIMESTAMP,
    is_escalated             BOOLEAN NOT NULL DEFAULT FALSE,
    escalated_at             TIMESTAMP,
    escalation_reason        TEXT,
    reactivation_count       BIGINT NOT NULL DEFAULT 0,
    owner_id                 TEXT NOT NULL,
    business_unit_id         TEXT NOT NULL REFERENCES business_units (id),
    created_by               TEXT,
    updated_by               TEXT,
    created_at               TIMESTAMP NOT NULL,
    updated_at               TIMESTAMP NOT NULL,
    version                  BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_cases__number ON cases (number);
CREATE INDEX ix_cases__number ON cases (number, id);
CREATE INDEX ix_cases__title ON cases (title, id);
CREATE INDEX ix_cases__created_at ON cases (created_at, id);
CREATE INDEX ix_cases__updated_at ON cases (updated_at, id);
CREATE INDEX ix_cases__resolve_by ON cases (status, resolve_by_at, id);
CREATE INDEX ix_cases__first_response_due ON cases (status, first_response_due_at, id);
CREATE INDEX ix_cases__priority ON cases (priority, created_at, id);
CREATE INDEX ix_cases__status ON cases (status, created_at, id);
CREATE INDEX ix_cases__account ON cases (account_id, created_at, id);
CREATE INDEX ix_cases__contact ON cases (contact_id, created_at, id);
CREATE INDEX ix_cases__queue ON cases (queue_id, status, queued_at, id);
CREATE INDEX ix_cases__contract ON cases (contract_id);
CREATE INDEX ix_cases__worked_by ON cases (worked_by_id);
CREATE INDEX ix_cases__owner ON cases (owner_id, status, created_at, id);
CREATE INDEX ix_cases__business_unit ON cases (business_unit_id, created_at, id);
CREATE INDEX ix_cases__resolved_at ON cases (resolved_at, id);
CREATE INDEX ix_cases__sla_policy ON cases (sla_policy_id);

-- Case subjects, types and severities start with the usual choices; products are the
-- organization's own, added in the picklists administration.
INSERT INTO picklist_values (id, entity, field, value, label, sort_order, is_active, created_at, updated_at, version) VALUES
    ('019ad9a0-0000-7000-8000-000000000101', 'cases', 'case_type', 'question', 'Question', 10, TRUE, '2026-12-02 00:00:00', '2026-12-02 00:00:00', 1),
    ('019ad9a0-0000-7000-8000-000000000102', 'cases', 'case_type', 'problem', 'Problem', 20, TRUE, '2026-12-02 00:00:00', '2026-12-02 00:00:00', 1),
    ('019ad9a0-0000-7000-8000-000000000103', 'cases', 'case_type', 'request', 'Request', 30, TRUE, '2026-12-02 00:00:00', '2026-12-02 00:00:00', 1),
    ('019ad9a0-0000-7000-8000-000000000104', 'cases', 'case_type', 'complaint', 'Complaint', 40, TRUE, '2026-12-02 00:00:00', '2026-12-02 00:00:00', 1),
    ('019ad9a0-0000-7000-8000-000000000111', 'cases', 'subject', 'general', 'General', 10, TRUE, '2026-12-02 00:00:00', '2026-12-02 00:00:00', 1),
    ('019ad9a0-0000-7000-8000-000000000112', 'cases', 'subject', 'billing', 'Billing', 20, TRUE, '2026-12-02 00:00:00', '2026-12-02 00:00:00', 1),
    ('019ad9a0-0000-7000-8000-000000000113', 'cases', 'subject', 'technical', 'Technical', 30, TRUE, '2026-12-02 00:00:00', '2026-12-02 00:00:00', 1),
    ('019ad9a0-0000-7000-8000-000000000114', 'cases', 'subject', 'delivery', 'Delivery', 40, TRUE, '2026-12-02 00:00:00', '2026-12-02 00:00:00', 1),
    ('019ad9a0-0000-7000-8000-000000000121', 'cases', 'severity', 'minor', 'Minor', 10, TRUE, '2026-12-02 00:00:00', '2026-12-02 00:00:00', 1),
    ('019ad9a0-0000-7000-8000-000000000122', 'cases', 'severity', 'major', 'Major', 20, TRUE, '2026-12-02 00:00:00', '2026-12-02 00:00:00', 1),
    ('019ad9a0-0000-7000-8000-000000000123', 'cases', 'severity', 'critical', 'Critical', 30, TRUE, '2026-12-02 00:00:00', '2026-12-02 00:00:00', 1);

-- Roles made before cases and contracts existed reach them as they reach accounts.
INSERT INTO role_privileges (role_id, entity, action, depth)
SELECT role_id, 'cases', action, depth FROM role_privileges WHERE entity = 'accounts';
INSERT INTO role_privileges (role_id, entity, action, depth)
SELECT role_id, 'contracts', action, depth FROM role_privileges WHERE entity = 'accounts';
