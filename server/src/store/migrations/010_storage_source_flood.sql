-- Every "I don't feel safe" message counts the urgent messages from its place in the last hour
-- (and how many were flagged) to see a flood. With only (source, received_at) indexed that
-- read every counted row from the table: during a flood, thousands of row reads per message,
-- growing with the flood. This index holds everything the count needs, so it reads the index
-- alone; it also serves the inbox's "messages from this place" filter, like the one it replaces.
CREATE INDEX submissions_source_flood ON submissions (source, urgent, received_at, possible_flood);
DROP INDEX submissions_source;
