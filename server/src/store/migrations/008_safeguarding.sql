-- "I don't feel safe" alerts: what officers recorded (passed to safeguarding, the outcome) as
-- JSON of app::domain::safeguarding::Alert, with the times the escalation check and the yearly
-- report need in columns. One row per alert, written when something is first recorded.
CREATE TABLE safeguarding_alerts (
    submission_id INTEGER PRIMARY KEY REFERENCES submissions (id),
    -- The deadline fixed when the first thing was recorded (a later change of the setting does
    -- not rewrite a closed year's figures).
    due_at        TEXT NOT NULL,
    passed_at     TEXT,
    -- When a manager was emailed because nothing was recorded in time (once per alert).
    escalated_at  TEXT,
    record        TEXT NOT NULL
);
