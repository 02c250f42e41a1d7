-- Current positions, one row per account and contract. Quantities and money are numeric (IB
-- quantities are fractional; a float would not compare by value), times are timestamptz.
create table positions (
    account        text        not null,
    con_id         bigint      not null,
    symbol         text        not null,
    sec_type       text,
    currency       text,
    exchange       text,
    local_symbol   text,
    trading_class  text,
    expiry         text,
    strike         numeric,
    option_right   text,
    multiplier     text,
    quantity       numeric     not null,
    average_cost   numeric,
    market_price   numeric,
    market_value   numeric,
    unrealized_pnl numeric,
    closed_at      timestamptz,
    updated_at     timestamptz not null default now(),
    constraint positions_pk primary key (account, con_id),
    constraint positions_con_id_positive check (con_id > 0),
    -- a closed position is flat: closing sets quantity zero together with closed_at
    constraint positions_closed_is_flat check (closed_at is null or quantity = 0)
);
