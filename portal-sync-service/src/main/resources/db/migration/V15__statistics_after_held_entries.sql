-- V13 moved the entries of parked dossiers from PENDING to HELD in one statement, a change autovacuum's thresholds
-- (a tenth of a large table) do not notice: the planner went on estimating the pending entries from before and walked
-- the dossier table in code order for the sync worker's claim (52 ms and 7,000 pages a round at one million dossiers
-- instead of a few pages). Fresh statistics for the tables V13 changed.
ANALYZE progress_entry;
ANALYZE portal_dossier;
