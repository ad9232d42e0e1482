-- Closed years of the yearly report: once a financial year is over a manager can close it, and
-- its report (JSON of app::domain::report::YearReport) is kept as it was, so every later run
-- of that year shows the same figures. One row per council and year; never updated (a trigger
-- refuses it), so a closed year stays closed.
CREATE TABLE report_closed_years (
    council_id  TEXT NOT NULL,
    start_year  INTEGER NOT NULL,
    closed_by   TEXT NOT NULL,
    closed_at   TEXT NOT NULL,
    report      TEXT NOT NULL,
    PRIMARY KEY (council_id, start_year)
);

CREATE TRIGGER report_closed_years_no_update BEFORE UPDATE ON report_closed_years
BEGIN
    SELECT RAISE(ABORT, 'a closed year cannot be changed');
END;

CREATE TRIGGER report_closed_years_no_delete BEFORE DELETE ON report_closed_years
BEGIN
    SELECT RAISE(ABORT, 'a closed year cannot be reopened');
END;
