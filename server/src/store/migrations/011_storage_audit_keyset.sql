-- The audit log pages seek on the line id within a council, newest first: this index reads a
-- page in order from the seek point (the (council_id, at) one made SQLite sort the whole
-- council's log for every page).
CREATE INDEX audit_log_council_id ON audit_log (council_id, id);
