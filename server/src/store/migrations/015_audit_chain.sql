-- An audit log you can trust (issue 12): each line's hash is the SHA-256 of the hash of the
-- line before and this line's own fields, kept beside it (audit_log itself refuses changes).
-- Changing, removing or inserting any line breaks the chain from that line on, which
-- `server verify-audit` reports. Lines written before this migration are chained once, in
-- order, when the server first opens the file (store/audit_chain.rs).
CREATE TABLE audit_chain (
    audit_id INTEGER PRIMARY KEY REFERENCES audit_log (id),
    hash     TEXT NOT NULL
);
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
