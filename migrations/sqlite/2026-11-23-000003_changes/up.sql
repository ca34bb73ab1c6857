-- The change log: one row per write, appended in the write's own transaction. Record history,
-- the change feed, webhooks and the audit trail read it. owner_id and business_unit_id are the
-- record's at the time of the change, so the feed can be filtered by the reader's visibility.

CREATE TABLE changes (
    seq               INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    entity            TEXT NOT NULL,
    record_id         TEXT NOT NULL,
    operation         TEXT NOT NULL,
    fields            TEXT NOT NULL,
    actor_id          TEXT,
    owner_id          TEXT,
    business_unit_id  TEXT,
    occurred_at       TIMESTAMP NOT NULL
);
CREATE INDEX ix_changes__record ON changes (entity, record_id, seq);

-- Idempotency keys: a retried POST with the same key returns the first response. The key row
-- is written in the same transaction as the record it created.
CREATE TABLE idempotency_keys (
    caller_id      TEXT NOT NULL,
    key            TEXT NOT NULL,
    request_hash   TEXT NOT NULL,
    status_code    INTEGER NOT NULL,
    location       TEXT,
    response_body  TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (caller_id, key)
);
CREATE INDEX ix_idempotency_keys__created_at ON idempotency_keys (created_at);
