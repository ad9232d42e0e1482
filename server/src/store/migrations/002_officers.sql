-- Rights officers, managers and auditors. Passwords are Argon2id hashes.
CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    council_id      TEXT NOT NULL,
    email           TEXT NOT NULL COLLATE NOCASE,
    name            TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('officer', 'manager', 'auditor')),
    password_hash   TEXT NOT NULL,
    failed_sign_ins INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT,
    active          INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT NOT NULL,
    UNIQUE (council_id, email)
);

-- Server-side sessions, by the SHA-256 of the cookie's token.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Every look at and change to a case. Append-only: the triggers refuse edits and deletes,
-- whatever code runs.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    council_id TEXT NOT NULL,
    at         TEXT NOT NULL,
    user_id    INTEGER REFERENCES users (id),
    user_email TEXT NOT NULL,
    action     TEXT NOT NULL,
    reference  TEXT,
    detail     TEXT NOT NULL
);
CREATE INDEX audit_log_council_at ON audit_log (council_id, at);
CREATE INDEX audit_log_reference ON audit_log (reference);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
