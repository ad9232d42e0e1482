-- The inbox shows how many lines match ("Page 2 of 2,000"). Counting read every submission
-- row (possible_flood is not in the order index): about 50 ms at 100,000 rows, while the
-- page itself, found by seeking, takes under a millisecond. With this index the usual count
-- (no filter but the council, floods apart) reads the index alone.
CREATE INDEX submissions_inbox_count ON submissions (council_id, possible_flood);
