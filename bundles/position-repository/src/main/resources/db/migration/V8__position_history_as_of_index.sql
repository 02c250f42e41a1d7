-- "What did the table hold at T": per position, the newest history row at or before T, found by
-- one descent of this index (ties in changed_at broken by id). Built in the migration's
-- transaction (not CONCURRENTLY): writers of position_history wait for the build, and a node that
-- dies mid-build rolls it back, leaving no invalid index behind; the next start builds it again.
create index position_history_as_of on position_history (account, con_id, changed_at, id);
