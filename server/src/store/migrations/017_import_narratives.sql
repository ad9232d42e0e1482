-- The words officers write for each section of a year's draft report
-- (app::domain::report::draft::NarrativeSection), the latest version of each; every save is in
-- the audit log.
CREATE TABLE report_narratives (
    council_id   TEXT NOT NULL,
    start_year   INTEGER NOT NULL,
    section      TEXT NOT NULL,
    body         TEXT NOT NULL,
    updated_by   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (council_id, start_year, section)
);
