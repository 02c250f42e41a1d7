-- One row per applied sync (snapshot reconcile or streamed changes), kept for a configurable
-- number of days by the repository's retention job.
create table sync_runs (
    id          bigint generated always as identity primary key,
    broker_id   text        not null,
    trigger     text        not null,
    started_at  timestamptz not null,
    finished_at timestamptz,
    status      text        not null,
    inserted    integer     not null default 0,
    updated     integer     not null default 0,
    closed      integer     not null default 0,
    unchanged   integer     not null default 0,
    error       text,
    constraint sync_runs_status check (status in ('RUNNING', 'SUCCEEDED', 'FAILED'))
);
create index sync_runs_started_at on sync_runs (started_at);
