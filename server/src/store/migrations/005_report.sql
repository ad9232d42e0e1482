-- The day a case was closed or withdrawn, so the yearly report can find cases carried over
-- without reading every case.
ALTER TABLE submissions ADD COLUMN closed_on TEXT;
CREATE INDEX submissions_report ON submissions (council_id, received_at);
