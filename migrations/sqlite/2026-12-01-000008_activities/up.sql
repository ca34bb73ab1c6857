-- Activities (tasks, phone calls, appointments, emails), notes with their file attachments, and
-- email templates: what is done with customers, logged against the record it regards, so the
-- record's timeline tells its whole story. Every list sort is (field, id) so keyset pages have
-- an index; the timeline reads (regarding_id, created_at, id).

CREATE TABLE activities (
    id                 TEXT PRIMARY KEY NOT NULL,
    activity_type      TEXT NOT NULL,
    subject            TEXT NOT NULL,
    description        TEXT,
    status             TEXT NOT NULL,
    priority           TEXT NOT NULL,
    direction          TEXT,
    regarding_type     TEXT,
    regarding_id       TEXT,
    due_at             TIMESTAMP,
    starts_at          TIMESTAMP,
    ends_at            TIMESTAMP,
    scheduled_at       TIMESTAMP NOT NULL,
    duration_minutes   BIGINT,
    location           TEXT,
    phone_number       TEXT,
    to_address         TEXT,
    email_template_id  TEXT,
    completed_at       TIMESTAMP,
    owner_id           TEXT NOT NULL,
    business_unit_id   TEXT NOT NULL REFERENCES business_units (id),
    created_by         TEXT,
    updated_by         TEXT,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    version            BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX ix_activities__created_at ON activities (created_at, id);
CREATE INDEX ix_activities__updated_at ON activities (updated_at, id);
CREATE INDEX ix_activities__scheduled_at ON activities (scheduled_at, id);
CREATE INDEX ix_activities__subject ON activities (subject, id);
CREATE INDEX ix_activities__regarding ON activities (regarding_id, created_at, id);
CREATE INDEX ix_activities__owner ON activities (owner_id, status, scheduled_at, id);
CREATE INDEX ix_activities__business_unit ON activities (business_unit_id, created_at, id);

CREATE TABLE notes (
    id                 TEXT PRIMARY KEY NOT NULL,
    subject            TEXT,
    body               TEXT,
    regarding_type     TEXT NOT NULL,
    regarding_id       TEXT NOT NULL,
    owner_id           TEXT NOT NULL,
    business_unit_id   TEXT NOT NULL REFERENCES business_units (id),
    created_by         TEXT,
    updated_by         TEXT,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    version            BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX ix_notes__created_at ON notes (created_at, id);
CREATE INDEX ix_notes__updated_at ON notes (updated_at, id);
CREATE INDEX ix_notes__regarding ON notes (regarding_id, created_at, id);
CREATE INDEX ix_notes__owner ON notes (owner_id, created_at, id);
CREATE INDEX ix_notes__business_unit ON notes (business_unit_id, created_at, id);

CREATE TABLE attachments (
    id             TEXT PRIMARY KEY NOT NULL,
    note_id        TEXT NOT NULL REFERENCES notes (id),
    file_name      TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    size_bytes     BIGINT NOT NULL,
    sha256         TEXT NOT NULL,
    created_by     TEXT,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX ix_attachments__note ON attachments (note_id, created_at, id);

CREATE TABLE email_templates (
    id           TEXT PRIMARY KEY NOT NULL,
    name         TEXT NOT NULL,
    entity       TEXT NOT NULL,
    subject      TEXT NOT NULL,
    body         TEXT NOT NULL,
    description  TEXT,
    is_active    BOOLEAN NOT NULL DEFAULT TRUE,
    created_by   TEXT,
    updated_by   TEXT,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    version      BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_email_templates__name ON email_templates (name);
CREATE INDEX ix_email_templates__entity ON email_templates (entity, name, id);
CREATE INDEX ix_email_templates__created_at ON email_templates (created_at, id);
CREATE INDEX ix_email_templates__updated_at ON email_templates (updated_at, id);
CREATE INDEX ix_email_templates__name ON email_templates (name, id);


-- Roles made before activities and notes existed reach them as they reach accounts: what is
-- logged on customers goes with the customers.
INSERT INTO role_privileges (role_id, entity, action, depth)
SELECT role_id, 'activities', action, depth FROM role_privileges WHERE entity = 'accounts';
INSERT INTO role_privileges (role_id, entity, action, depth)
SELECT role_id, 'notes', action, depth FROM role_privileges WHERE entity = 'accounts';
