package org.tradeplatform.position.repository.internal;

import java.time.OffsetDateTime;
import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/**
 * The SQL of the repository (MyBatis annotation mapper). Every value is a bound parameter, never
 * spliced into the text; Java arrays bind as PostgreSQL arrays, so each batch statement expands its
 * rows with {@code unnest}.
 */
public interface PositionMapper {

  String POSITION_COLUMNS =
      """
      account, con_id, symbol, sec_type, currency, exchange, local_symbol, trading_class, expiry,
      strike, option_right, multiplier, quantity, average_cost, market_price, market_value,
      unrealized_pnl, realized_pnl, closed_at, updated_at, last_synced_at
      """;

  /** Bounds every lock wait of the current transaction. */
  @Select("select set_config('lock_timeout', #{timeout}, true)")
  String setLockTimeout(@Param("timeout") String timeout);

  /**
   * Takes the transaction-scoped advisory lock of each account, in the order given (callers sort),
   * so writers of overlapping accounts queue instead of deadlocking.
   */
  @Select(
      """
      select count(pg_advisory_xact_lock(#{namespace}, hashtext(a.account)))
        from unnest(#{accounts}::text[]) with ordinality as a(account, position)
      """)
  long lockAccounts(@Param("namespace") int namespace, @Param("accounts") String[] accounts);

  /** The current epoch of a gateway's lease; empty before any node took it. */
  @Select("select epoch from gateway_lease where broker_id = #{brokerId}")
  List<Long> leaseEpoch(@Param("brokerId") String brokerId);

  /** Accounts of the scope whose last applied snapshot was captured after {@code capturedAt}. */
  @Select(
      """
      select account || ' (applied snapshot captured at ' || last_snapshot_captured_at || ')'
        from account_sync_state
       where account = any(#{accounts}::text[]) and last_snapshot_captured_at > #{capturedAt}
       order by account
      """)
  List<String> newerSnapshots(
      @Param("accounts") String[] accounts, @Param("capturedAt") OffsetDateTime capturedAt);

  @Select(
      """
      insert into sync_runs (broker_id, trigger, started_at, status)
      values (#{brokerId}, #{trigger}, now(), 'RUNNING')
      returning id
      """)
  long startRun(@Param("brokerId") String brokerId, @Param("trigger") String trigger);

  @Update(
      """
      update sync_runs
         set finished_at = clock_timestamp(), status = 'SUCCEEDED', inserted = #{inserted},
             updated = #{updated}, closed = #{closed}, unchanged = #{unchanged}
       where id = #{id}
      """)
  int finishRun(
      @Param("id") long id,
      @Param("inserted") int inserted,
      @Param("updated") int updated,
      @Param("closed") int closed,
      @Param("unchanged") int unchanged);

  @Insert(
      """
      insert into sync_runs (broker_id, trigger, started_at, finished_at, status, error)
      values (#{brokerId}, #{trigger}, #{startedAt}, clock_timestamp(), 'FAILED', #{error})
      """)
  int recordFailedRun(
      @Param("brokerId") String brokerId,
      @Param("trigger") String trigger,
      @Param("startedAt") OffsetDateTime startedAt,
      @Param("error") String error);

  /** Inserts new positions and their first history row in one statement. */
  @Insert(
      """
      with inserted as (
        insert into positions (account, con_id, symbol, sec_type, currency, exchange,
                               local_symbol, trading_class, expiry, strike, option_right,
                               multiplier, quantity, average_cost, updated_at, last_synced_at)
        select u.account, u.con_id, u.symbol, u.sec_type, u.currency, u.exchange,
               u.local_symbol, u.trading_class, u.expiry, u.strike, u.option_right,
               u.multiplier, u.quantity, u.average_cost, now(), now()
          from unnest(#{b.accounts}::text[], #{b.conIds}::bigint[], #{b.symbols}::text[],
                      #{b.secTypes}::text[], #{b.currencies}::text[], #{b.exchanges}::text[],
                      #{b.localSymbols}::text[], #{b.tradingClasses}::text[],
                      #{b.expiries}::text[], #{b.strikes}::numeric[], #{b.rights}::text[],
                      #{b.multipliers}::text[], #{b.quantities}::numeric[],
                      #{b.averageCosts}::numeric[])
            as u(account, con_id, symbol, sec_type, currency, exchange, local_symbol,
                 trading_class, expiry, strike, option_right, multiplier, quantity, average_cost)
        returning account, con_id, quantity
      )
      insert into position_history (account, con_id, old_quantity, new_quantity, changed_at,
                                    sync_run_id)
      select account, con_id, null, quantity, now(), #{runId} from inserted
      """)
  int insertPositions(@Param("b") PositionBatch batch, @Param("runId") long runId);

  /**
   * Rewrites existing rows (update, reopen, close) and appends a history row where the quantity
   * changed, in one statement.
   */
  @Update(
      """
      with written as (
        update positions p
           set symbol = u.symbol, sec_type = u.sec_type, currency = u.currency,
               exchange = u.exchange, local_symbol = u.local_symbol,
               trading_class = u.trading_class, expiry = u.expiry, strike = u.strike,
               option_right = u.option_right, multiplier = u.multiplier,
               quantity = u.quantity, average_cost = u.average_cost,
               closed_at = case when u.closed then coalesce(p.closed_at, now()) end,
               updated_at = now(), last_synced_at = now()
          from unnest(#{b.accounts}::text[], #{b.conIds}::bigint[], #{b.symbols}::text[],
                      #{b.secTypes}::text[], #{b.currencies}::text[], #{b.exchanges}::text[],
                      #{b.localSymbols}::text[], #{b.tradingClasses}::text[],
                      #{b.expiries}::text[], #{b.strikes}::numeric[], #{b.rights}::text[],
                      #{b.multipliers}::text[], #{b.quantities}::numeric[],
                      #{b.averageCosts}::numeric[], #{b.oldQuantities}::numeric[],
                      #{b.closed}::boolean[])
            as u(account, con_id, symbol, sec_type, currency, exchange, local_symbol,
                 trading_class, expiry, strike, option_right, multiplier, quantity, average_cost,
                 old_quantity, closed)
         where p.account = u.account and p.con_id = u.con_id
        returning p.account, p.con_id, u.old_quantity, p.quantity
      )
      insert into position_history (account, con_id, old_quantity, new_quantity, changed_at,
                                    sync_run_id)
      select account, con_id, old_quantity, quantity, now(), #{runId}
        from written
       where old_quantity is distinct from quantity
      """)
  int rewritePositions(@Param("b") PositionBatch batch, @Param("runId") long runId);

  /**
   * Records that a complete snapshot confirmed every position of these accounts, without touching a
   * position row. Times only move forward.
   */
  @Insert(
      """
      insert into account_sync_state (account, last_confirmed_at, last_snapshot_captured_at,
                                      last_sync_run_id)
      select account, now(), #{capturedAt}, #{runId}
        from unnest(#{accounts}::text[]) as a(account)
      on conflict (account) do update
         set last_confirmed_at =
               greatest(account_sync_state.last_confirmed_at, excluded.last_confirmed_at),
             last_snapshot_captured_at =
               greatest(account_sync_state.last_snapshot_captured_at,
                        excluded.last_snapshot_captured_at),
             last_sync_run_id = excluded.last_sync_run_id
      """)
  int confirmAccounts(
      @Param("accounts") String[] accounts,
      @Param("capturedAt") OffsetDateTime capturedAt,
      @Param("runId") long runId);

  /**
   * Writes market price, value and PnL only where a reported (non-null) value differs by value from
   * the stored one. Not a position change: {@code updated_at} and history stay as they are.
   */
  @Update(
      """
      update positions p
         set market_price = coalesce(u.market_price, p.market_price),
             market_value = coalesce(u.market_value, p.market_value),
             unrealized_pnl = coalesce(u.unrealized_pnl, p.unrealized_pnl),
             realized_pnl = coalesce(u.realized_pnl, p.realized_pnl)
        from unnest(#{b.accounts}::text[], #{b.conIds}::bigint[],
                    #{b.marketPrices}::numeric[], #{b.marketValues}::numeric[],
                    #{b.unrealizedPnls}::numeric[], #{b.realizedPnls}::numeric[])
          as u(account, con_id, market_price, market_value, unrealized_pnl, realized_pnl)
       where p.account = u.account and p.con_id = u.con_id
         and (coalesce(u.market_price, p.market_price) is distinct from p.market_price
              or coalesce(u.market_value, p.market_value) is distinct from p.market_value
              or coalesce(u.unrealized_pnl, p.unrealized_pnl) is distinct from p.unrealized_pnl
              or coalesce(u.realized_pnl, p.realized_pnl) is distinct from p.realized_pnl)
      """)
  int updatePnl(@Param("b") PnlBatch batch);

  @Select(
      "select "
          + POSITION_COLUMNS
          + """
             from positions_view
            where account = #{account} and (#{includeClosed} or closed_at is null)
            order by con_id
          """)
  List<PositionRecord> positions(
      @Param("account") String account, @Param("includeClosed") boolean includeClosed);

  @Select(
      "select "
          + POSITION_COLUMNS
          + """
             from positions_view
            where #{includeClosed} or closed_at is null
            order by account, con_id
          """)
  List<PositionRecord> allPositions(@Param("includeClosed") boolean includeClosed);

  @Select(
      "select "
          + POSITION_COLUMNS
          + " from positions_view where account = #{account} and con_id = #{conId}")
  PositionRecord position(@Param("account") String account, @Param("conId") long conId);

  @Select(
      """
      select id, broker_id, trigger, started_at, finished_at, status, inserted, updated, closed,
             unchanged, error
        from sync_runs
       order by id desc
       limit #{limit}
      """)
  List<SyncRunRecord> syncRuns(@Param("limit") int limit);

  /** Deletes sync runs started more than {@code days} days ago; history is kept. */
  @Delete("delete from sync_runs where started_at < now() - make_interval(days => #{days})")
  int purgeSyncRuns(@Param("days") int days);
}
