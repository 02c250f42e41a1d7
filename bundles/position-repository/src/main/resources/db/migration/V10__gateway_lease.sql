-- One row per gateway connection (broker.id) that any node has claimed in lease mode.
-- Who holds the lease now is the session advisory lock (namespace 0x4C454153, key = id) of the
-- holder's dedicated connection; this row says who took it last and how often it was taken.
-- epoch grows by one at every take and fences writes: a write carrying an older epoch is refused.
-- The integer id is the lock key, so two gateway names can never share a lock (no hashing).
create table gateway_lease (
    id          integer generated always as identity primary key,
    broker_id   text        not null unique,
    epoch       bigint      not null default 0 check (epoch >= 0),
    holder_node text,
    acquired_at timestamptz
);
