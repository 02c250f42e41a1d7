-- Per account: when a complete snapshot last confirmed every position of the account (so a sync
-- that changes nothing writes no position row), the capture time of the newest snapshot applied
-- (a snapshot captured before it is stale) and the run that applied it.
create table account_sync_state (
    account                   text        primary key,
    last_confirmed_at         timestamptz not null,
    last_snapshot_captured_at timestamptz not null,
    last_sync_run_id          bigint
);
