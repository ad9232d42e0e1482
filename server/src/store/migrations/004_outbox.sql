-- Email waiting to be sent (and what happened when we tried). Written in the same transaction
-- as the submission it is about, so a message is never stored without its notification.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    council_id      TEXT NOT NULL,
    reference       TEXT,
    to_address      TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    sent_at         TEXT,
    last_error      TEXT
);
CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at);
CREATE INDEX outbox_reference ON outbox (reference);
