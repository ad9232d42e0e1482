-- Staff sign-in an information-governance lead would sign off (issue 7):
-- a second factor (TOTP) with one-time recovery codes, growing pauses instead of a permanent
-- lock, managers' resets, demo accounts marked as such, two-step sessions.
ALTER TABLE users ADD COLUMN lock_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN demo INTEGER NOT NULL DEFAULT 0;
UPDATE users SET demo = 1 WHERE email LIKE '%@demo.invalid';

-- One-time recovery codes, by SHA-256 (each is 80 random bits, so a fast hash is enough).
CREATE TABLE recovery_codes (
    id        INTEGER PRIMARY KEY,
    user_id   INTEGER NOT NULL REFERENCES users (id),
    code_hash TEXT NOT NULL,
    used_at   TEXT
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id, code_hash);

-- 'password': the password was right, the second factor is still to come (can do nothing
-- else); 'full': signed in. The secret being set up, and anything to show once (recovery
-- codes, a temporary password), live with the session and go with it.
ALTER TABLE sessions ADD COLUMN stage TEXT NOT NULL DEFAULT 'full' CHECK (stage IN ('password', 'full'));
ALTER TABLE sessions ADD COLUMN setup_secret TEXT;
ALTER TABLE sessions ADD COLUMN show_once TEXT;
-- Everyone signs in again, this time with a second factor.
DELETE FROM sessions;
