-- Append-only: every quantity change of a position. Kept forever; sync_run_id is a plain number
-- (no foreign key) because sync runs are purged by retention while history is not. The primary
-- key leads with the position, so one index serves both uniqueness and "history of a position".
create table position_history (
    id           bigint      generated always as identity,
    account      text        not null,
    con_id       bigint      not null,
    old_quantity numeric,
    new_quantity numeric     not null,
    changed_at   timestamptz not null,
    sync_run_id  bigint,
    constraint position_history_pk primary key (account, con_id, id)
);
