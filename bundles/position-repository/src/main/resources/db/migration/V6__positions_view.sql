-- Every position with its true last_synced_at: the later of the last write of the row and the
-- last complete snapshot that confirmed its account (positions.last_synced_at means "last written").
create view positions_view as
select p.account,
       p.con_id,
       p.symbol,
       p.sec_type,
       p.currency,
       p.exchange,
       p.local_symbol,
       p.trading_class,
       p.expiry,
       p.strike,
       p.option_right,
       p.multiplier,
       p.quantity,
       p.average_cost,
       p.market_price,
       p.market_value,
       p.unrealized_pnl,
       p.realized_pnl,
       p.closed_at,
       p.updated_at,
       greatest(p.last_synced_at, s.last_confirmed_at) as last_synced_at
  from positions p
  left join account_sync_state s on s.account = p.account;
