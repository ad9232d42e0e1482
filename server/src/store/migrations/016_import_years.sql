-- Earlier years' figures imported from the report's own CSV, one row per table
-- (app::domain::report::import). A year with any row here is an "imported year": its report is
-- these tables, shown like a closed year. Importing a table the year already has replaces that
-- row (a re-import of a table replaces it whole); every import is in the audit log.
CREATE TABLE report_imported_tables (
    council_id   TEXT NOT NULL,
    start_year   INTEGER NOT NULL,
    table_id     TEXT NOT NULL,
    -- Where the table comes in the report, so the year's tables keep the report's order.
    position     INTEGER NOT NULL,
    -- JSON of app::domain::report::Table.
    figures      TEXT NOT NULL,
    imported_by  TEXT NOT NULL,
    imported_at  TEXT NOT NULL,
    PRIMARY KEY (council_id, start_year, table_id)
);
