-- submissions_report (005) is (council_id, received_at), exactly submissions_council_received
-- (001): every message paid for two copies of the same index entry, one of them never chosen.
-- The report's read keeps using the one that stays.
DROP INDEX submissions_report;
