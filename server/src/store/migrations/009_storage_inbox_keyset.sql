-- The inbox pages by seeking on (urgent, next_due, received_at, id): a NULL next_due (rows
-- from before 003 gave every row one) would compare as unknown and fall out of every page
-- but the first. "No deadline" is stored as '9999-12-31', as new rows always were.
UPDATE submissions SET next_due = '9999-12-31' WHERE next_due IS NULL;
