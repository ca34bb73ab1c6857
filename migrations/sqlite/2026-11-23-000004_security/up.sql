-- Organization and security: teams (which own records and hold roles), API keys, the security
-- event log, and the user details DOMAIN.md names.

ALTER TABLE users ADD COLUMN address_line1 TEXT;
ALTER TABLE users ADD COLUMN address_line2 TEXT;
ALTER TABLE users ADD COLUMN city TEXT;
ALTER TABLE users ADD COLUMN region TEXT;
ALTER TABLE users ADD COLUMN postal_code TEXT;
ALTER TABLE users ADD COLUMN country TEXT;
ALTER TABLE users ADD COLUMN created_by TEXT;
ALTER TABLE users ADD COLUMN updated_by TEXT;
CREATE INDEX ix_users__full_name ON users (full_name, id);
CREATE INDEX ix_users__created_at ON users (created_at, id);

ALTER TABLE business_units ADD COLUMN created_by TEXT;
ALTER TABLE business_units ADD COLUMN updated_by TEXT;
CREATE UNIQUE INDEX ux_business_units__name ON business_units (parent_id, name);

ALTER TABLE roles ADD COLUMN created_by TEXT;
ALTER TABLE roles ADD COLUMN updated_by TEXT;

CREATE TABLE teams (
    id                TEXT PRIMARY KEY NOT NULL,
    name              TEXT NOT NULL,
    description       TEXT,
    business_unit_id  TEXT NOT NULL REFERENCES business_units (id),
    created_by        TEXT,
    updated_by        TEXT,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    version           BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_teams__name ON teams (business_unit_id, name);
CREATE INDEX ix_teams__created_at ON teams (created_at, id);
CREATE INDEX ix_teams__name_sort ON teams (name, id);

CREATE TABLE team_members (
    team_id  TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id  TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX ix_team_members__user_id ON team_members (user_id);

CREATE TABLE team_roles (
    team_id  TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    role_id  TEXT NOT NULL REFERENCES roles (id),
    PRIMARY KEY (team_id, role_id)
);
CREATE INDEX ix_team_roles__role_id ON team_roles (role_id);

-- An API key acts with the roles of the user who owns it. Only a hash of the key is stored; the
-- prefix (shown in lists) finds the row.
CREATE TABLE api_keys (
    id            TEXT PRIMARY KEY NOT NULL,
    user_id       TEXT NOT NULL REFERENCES users (id),
    name          TEXT NOT NULL,
    prefix        TEXT NOT NULL,
    key_hash      TEXT NOT NULL,
    last_used_at  TIMESTAMP,
    revoked_at    TIMESTAMP,
    created_by    TEXT,
    created_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX ux_api_keys__prefix ON api_keys (prefix);
CREATE INDEX ix_api_keys__user_id ON api_keys (user_id, created_at);

-- Security events: sign-ins, failures, token reuse, keys, roles and privileges, disabled users.
-- Never a secret.
CREATE TABLE security_events (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    kind         TEXT NOT NULL,
    user_id      TEXT,
    actor_id     TEXT,
    ip           TEXT,
    details      TEXT NOT NULL,
    occurred_at  TIMESTAMP NOT NULL
);
CREATE INDEX ix_security_events__kind ON security_events (kind, seq);
CREATE INDEX ix_security_events__user_id ON security_events (user_id, seq);
