-- The organization: business units, users, roles and their privileges, refresh tokens.

CREATE TABLE business_units (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    parent_id   TEXT REFERENCES business_units (id),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX ix_business_units__parent_id ON business_units (parent_id);

CREATE TABLE users (
    id                TEXT PRIMARY KEY NOT NULL,
    email             TEXT NOT NULL,
    full_name         TEXT NOT NULL,
    job_title         TEXT,
    phone             TEXT,
    mobile_phone      TEXT,
    business_unit_id  TEXT NOT NULL REFERENCES business_units (id),
    manager_id        TEXT REFERENCES users (id),
    is_active         BOOLEAN NOT NULL DEFAULT TRUE,
    password_hash     TEXT,
    last_sign_in_at   TIMESTAMP,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    version           BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_users__email ON users (email);
CREATE INDEX ix_users__business_unit_id ON users (business_unit_id);
CREATE INDEX ix_users__manager_id ON users (manager_id);

CREATE TABLE roles (
    id                TEXT PRIMARY KEY NOT NULL,
    name              TEXT NOT NULL,
    description       TEXT,
    business_unit_id  TEXT NOT NULL REFERENCES business_units (id),
    is_system_admin   BOOLEAN NOT NULL DEFAULT FALSE,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    version           BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_roles__name ON roles (business_unit_id, name);

CREATE TABLE role_privileges (
    role_id  TEXT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    entity   TEXT NOT NULL,
    action   TEXT NOT NULL,
    depth    TEXT NOT NULL,
    PRIMARY KEY (role_id, entity, action)
);

CREATE TABLE user_roles (
    user_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role_id  TEXT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, role_id)
);
CREATE INDEX ix_user_roles__role_id ON user_roles (role_id);

-- Refresh tokens rotate: each use marks the token used and issues a successor in the same
-- family; presenting a used token again revokes the whole family (a stolen token is detected).
CREATE TABLE refresh_tokens (
    id          TEXT PRIMARY KEY NOT NULL,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id   TEXT NOT NULL,
    token_hash  TEXT NOT NULL,
    expires_at  TIMESTAMP NOT NULL,
    used_at     TIMESTAMP,
    revoked_at  TIMESTAMP,
    created_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX ux_refresh_tokens__token_hash ON refresh_tokens (token_hash);
CREATE INDEX ix_refresh_tokens__family_id ON refresh_tokens (family_id);
CREATE INDEX ix_refresh_tokens__user_id ON refresh_tokens (user_id);
