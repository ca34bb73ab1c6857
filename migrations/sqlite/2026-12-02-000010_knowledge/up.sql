-- Knowledge base (DOMAIN.md section 6): article templates, articles in versions, their comments,
-- the articles linked to cases, and the full-text index of published versions.
INSERT INTO record_numbers (name, last_value) VALUES ('knowledge-articles', 0);

CREATE TABLE article_templates (
    id           TEXT PRIMARY KEY NOT NULL,
    name         TEXT NOT NULL,
    description  TEXT,
    sections     TEXT NOT NULL,
    is_active    BOOLEAN NOT NULL DEFAULT TRUE,
    created_by   TEXT,
    updated_by   TEXT,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    version      BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_article_templates__name ON article_templates (name);
CREATE INDEX ix_article_templates__name ON article_templates (name, id);
CREATE INDEX ix_article_templates__created_at ON article_templates (created_at, id);

-- Every version of an article is a row; the versions of one article share its number and root.
CREATE TABLE knowledge_articles (
    id                 TEXT PRIMARY KEY NOT NULL,
    number             TEXT NOT NULL,
    root_article_id    TEXT NOT NULL,
    version_number     BIGINT NOT NULL,
    is_latest_version  BOOLEAN NOT NULL,
    title              TEXT NOT NULL,
    subject            TEXT,
    keywords           TEXT NOT NULL,
    sections           TEXT NOT NULL,
    visibility         TEXT NOT NULL,
    status             TEXT NOT NULL,
    template_id        TEXT REFERENCES article_templates (id),
    rejection_reason   TEXT,
    submitted_at       TIMESTAMP,
    submitted_by       TEXT,
    published_at       TIMESTAMP,
    published_by       TEXT,
    archived_at        TIMESTAMP,
    use_count          BIGINT NOT NULL DEFAULT 0,
    owner_id           TEXT NOT NULL,
    business_unit_id   TEXT NOT NULL REFERENCES business_units (id),
    created_by         TEXT,
    updated_by         TEXT,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    version            BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_knowledge_articles__root_version ON knowledge_articles (root_article_id, version_number);
CREATE INDEX ix_knowledge_articles__created_at ON knowledge_articles (created_at, id);
CREATE INDEX ix_knowledge_articles__updated_at ON knowledge_articles (updated_at, id);
CREATE INDEX ix_knowledge_articles__title ON knowledge_articles (title, id);
CREATE INDEX ix_knowledge_articles__number ON knowledge_articles (number, id);
CREATE INDEX ix_knowledge_articles__status ON knowledge_articles (status, updated_at, id);
CREATE INDEX ix_knowledge_articles__use_count ON knowledge_articles (use_count, id);
CREATE INDEX ix_knowledge_articles__published_at ON knowledge_articles (published_at, id);
CREATE INDEX ix_knowledge_articles__owner ON knowledge_articles (owner_id);
CREATE INDEX ix_knowledge_articles__unit ON knowledge_articles (business_unit_id);
CREATE INDEX ix_knowledge_articles__template ON knowledge_articles (template_id);

CREATE TABLE knowledge_article_comments (
    id               TEXT PRIMARY KEY NOT NULL,
    article_id       TEXT NOT NULL REFERENCES knowledge_articles (id) ON DELETE CASCADE,
    root_article_id  TEXT NOT NULL,
    author_id        TEXT NOT NULL REFERENCES users (id),
    body             TEXT NOT NULL,
    created_at       TIMESTAMP NOT NULL
);
CREATE INDEX ix_knowledge_article_comments__root ON knowledge_article_comments (root_article_id, created_at, id);

-- An article linked to a case (the version linked is kept); each link counts as a use.
CREATE TABLE case_articles (
    case_id          TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    root_article_id  TEXT NOT NULL REFERENCES knowledge_articles (id),
    article_id       TEXT NOT NULL REFERENCES knowledge_articles (id),
    linked_by        TEXT NOT NULL,
    linked_at        TIMESTAMP NOT NULL,
    PRIMARY KEY (case_id, root_article_id)
);
CREATE INDEX ix_case_articles__root ON case_articles (root_article_id);
CREATE INDEX ix_case_articles__article ON case_articles (article_id);

-- The default roles' privileges: everyone reads articles; writers draft their own; the service
-- desk's managers and administrators approve (privileges of existing roles follow their case
-- privileges: read alike, create and update alike, approve with the case assign depth of roles
-- that may configure queues).
INSERT INTO role_privileges (role_id, entity, action, depth)
SELECT role_id, 'knowledge-articles', action, depth FROM role_privileges
WHERE entity = 'cases' AND action IN ('read', 'create', 'update', 'delete', 'assign', 'share');
INSERT INTO role_privileges (role_id, entity, action, depth)
SELECT role_id, 'knowledge-articles', 'approve', 'organization' FROM role_privileges
WHERE entity = 'queues' AND action = 'update' AND depth = 'organization';
INSERT INTO role_privileges (role_id, entity, action, depth)
SELECT role_id, 'article-templates', action, 'organization' FROM role_privileges
WHERE entity = 'queues' AND action IN ('create', 'update', 'delete') AND depth = 'organization';

-- The published versions, indexed for ranked search: porter stemming over unicode words without
-- diacritics; the body as plain text. Kept exact by the knowledge service in the transaction
-- that publishes, archives or deletes a version. An FTS5 row is found by its rowid only, so
-- `knowledge_search_docs` gives each indexed version its rowid (a lookup by article, not a scan).
CREATE TABLE knowledge_search_docs (
    id          INTEGER PRIMARY KEY,
    article_id  TEXT NOT NULL UNIQUE REFERENCES knowledge_articles (id) ON DELETE CASCADE
);
CREATE VIRTUAL TABLE knowledge_search USING fts5(
    title,
    keywords,
    body,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
-- Ranked by BM25 with the title weighing ten times the body, the keywords five times.
INSERT INTO knowledge_search (knowledge_search, rank) VALUES ('rank', 'bm25(10.0, 5.0, 1.0)');
