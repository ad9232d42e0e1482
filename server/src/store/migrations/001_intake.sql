-- Answers in progress, between pages. Deleted two days after their last change.
CREATE TABLE drafts (
    id            TEXT PRIMARY KEY,
    council_id    TEXT NOT NULL,
    data          TEXT NOT NULL,
    reference     TEXT,
    progress_code TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX drafts_updated_at ON drafts (updated_at);

-- What reached us. The columns are what the yearly report counts; `answers` keeps every word
-- exactly as written (JSON).
CREATE TABLE submissions (
    id                 INTEGER PRIMARY KEY,
    council_id         TEXT NOT NULL,
    reference          TEXT NOT NULL UNIQUE,
    idempotency_key    TEXT NOT NULL UNIQUE,
    progress_code_hash TEXT NOT NULL,
    kind               TEXT NOT NULL,
    urgent             INTEGER NOT NULL,
    routing_hint       TEXT NOT NULL,
    channel            TEXT NOT NULL,
    who                TEXT,
    on_behalf          INTEGER NOT NULL,
    consent            TEXT,
    service            TEXT,
    happened_when      TEXT,
    over_a_year        INTEGER NOT NULL,
    advocate_wanted    INTEGER NOT NULL,
    contact_by         TEXT,
    age_band           TEXT,
    gender             TEXT,
    ethnicity          TEXT,
    disability         TEXT,
    status             TEXT NOT NULL DEFAULT 'received',
    received_at        TEXT NOT NULL,
    answers            TEXT NOT NULL
);
CREATE INDEX submissions_council_received ON submissions (council_id, received_at);
CREATE INDEX submissions_urgent ON submissions (council_id, urgent, status);

-- Words added after sending (e.g. "tell us more" after "I don't feel safe"). Append-only.
CREATE TABLE submission_details (
    id            INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES submissions (id),
    added_at      TEXT NOT NULL,
    answers       TEXT NOT NULL
);

-- A browser that gave the right reference and code may look for 30 minutes.
CREATE TABLE progress_views (
    token      TEXT PRIMARY KEY,
    reference  TEXT NOT NULL REFERENCES submissions (reference),
    expires_at TEXT NOT NULL
);
