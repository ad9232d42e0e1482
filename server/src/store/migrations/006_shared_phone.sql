-- Safe on a shared phone (issue 7).
-- Drafts are now found by the SHA-256 of the browser's cookie, never hold the secret progress
-- code, and after sending keep only a sealed receipt that the sender's browser alone can open.
-- Drafts in progress at upgrade time are dropped: they are at most two days old answers whose
-- cookies would no longer match.
DROP TABLE drafts;
CREATE TABLE drafts (
    id                 TEXT PRIMARY KEY,
    council_id         TEXT NOT NULL,
    data               TEXT NOT NULL,
    reference          TEXT,
    receipt            BLOB,
    receipt_expires_at TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX drafts_updated_at ON drafts (updated_at);

-- Progress-view tokens are stored as the SHA-256 of the cookie from now on.
DELETE FROM progress_views;

-- Where a message came from, as a keyed hash of the address group (never the address).
-- A burst of urgent messages from one source is flagged as a possible flood (grouped in the
-- inbox, emailed as a digest) instead of burying real ones.
ALTER TABLE submissions ADD COLUMN source TEXT;
ALTER TABLE submissions ADD COLUMN possible_flood INTEGER NOT NULL DEFAULT 0;
CREATE INDEX submissions_source ON submissions (source, received_at);
