-- History rows from now on also record what started the change and the average cost it left.
-- Both stay null for older rows: their sync runs may already be purged (syncRunRetentionDays),
-- so the trigger cannot be recovered, and the average cost was never recorded.
-- From this version on changed_at is clock_timestamp() taken after the account locks (one value
-- per transaction), not now() (the transaction start, before a lock wait), so for one account the
-- order of changed_at is the order of the writes; rows of one transaction share it, ties are broken
-- by id.
alter table position_history add column trigger text;
alter table position_history add column average_cost numeric;
