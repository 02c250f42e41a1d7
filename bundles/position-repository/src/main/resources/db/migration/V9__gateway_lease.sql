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

-- The fencing check of one write, run inside the write's transaction after its account locks:
-- raises SQLSTATE 'LEASE' (the transaction then rolls back) unless the gateway's lease is at the
-- writer's epoch. A function, so the check travels in the same round trip as the locks.
create function gateway_lease_check(p_broker_id text, p_epoch bigint) returns void
language plpgsql as $$
declare
    current_epoch bigint;
begin
    select epoch into current_epoch from gateway_lease where broker_id = p_broker_id;
    if current_epoch is distinct from p_epoch then
        raise exception 'the lease of % is at epoch %, the write carried epoch %',
            p_broker_id, coalesce(current_epoch::text, 'none'), p_epoch
            using errcode = 'LEASE';
    end if;
end
$$;
