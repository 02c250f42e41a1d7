-- The seed's "Phase 4": when a sync last wrote the row, and realized PnL.
alter table positions add column last_synced_at timestamptz;
alter table positions add column realized_pnl numeric;
update positions set last_synced_at = updated_at where last_synced_at is null;
