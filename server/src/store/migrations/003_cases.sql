-- Case work on each submission: the procedure state (JSON of app::domain::procedure's case),
-- who owns it, and the next deadline (a date in England), kept in a column so the inbox can
-- sort 100,000+ records by it through an index.
ALTER TABLE submissions ADD COLUMN next_due TEXT;
ALTER TABLE submissions ADD COLUMN owner_id INTEGER REFERENCES users (id);
ALTER TABLE submissions ADD COLUMN manager_id INTEGER REFERENCES users (id);
ALTER TABLE submissions ADD COLUMN case_state TEXT;
CREATE INDEX submissions_inbox ON submissions (council_id, urgent DESC, next_due, received_at);
CREATE INDEX submissions_status ON submissions (council_id, status);

-- The case timeline: every change, in order, with who made it.
CREATE TABLE case_events (
    id            INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES submissions (id),
    at            TEXT NOT NULL,
    user_id       INTEGER REFERENCES users (id),
    what          TEXT NOT NULL,
    detail        TEXT NOT NULL
);
CREATE INDEX case_events_submission ON case_events (submission_id, id);
