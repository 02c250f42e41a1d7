package org.tradeplatform.position.repository.internal;

import static org.tradeplatform.position.repository.internal.PositionColumn.ACCOUNT;
import static org.tradeplatform.position.repository.internal.PositionColumn.ALL;
import static org.tradeplatform.position.repository.internal.PositionColumn.CLOSED_AT;
import static org.tradeplatform.position.repository.internal.PositionColumn.CON_ID;
import static org.tradeplatform.position.repository.internal.PositionColumn.PNL;
import static org.tradeplatform.position.repository.internal.PositionColumn.REPORTED;
import static org.tradeplatform.position.repository.internal.PositionColumn.names;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The SQL of position reads and writes, built once from {@link PositionColumn}. Every value is a
 * bound parameter, never spliced into the text; a batch binds one array per column and expands the
 * rows with {@code unnest}.
 */
final class PositionSql {

  /** Bounds every lock wait of the current transaction. Parameter: the timeout, e.g. "10000ms". */
  static final String SET_LOCK_TIMEOUT = "select set_config('lock_timeout', ?, true)";

  /**
   * Takes the transaction-scoped advisory lock of each account, in the order given (callers sort),
   * so writers of overlapping accounts queue instead of deadlocking. Parameters: the namespace, the
   * accounts. Always a statement of its own, before any statement that reads what the lock
   * protects: under READ COMMITTED a statement's snapshot is taken before the locks it acquires
   * itself.
   */
  static final String LOCK_ACCOUNTS =
      "select count(pg_advisory_xact_lock(?, hashtext(a.account)))"
          + " from unnest(?::text[]) with ordinality as a(account, position)";

  /**
   * The fencing check (migration V9): fails with SQLSTATE {@value #STALE_LEASE} unless the
   * gateway's lease is at the given epoch. Parameters: broker id, epoch. After the locks.
   */
  static final String CHECK_LEASE = "select gateway_lease_check(?, ?)";

  /** SQLSTATE of a refused fencing check. */
  static final String STALE_LEASE = "LEASE";

  /**
   * Fixes the transaction's change time: {@code clock_timestamp()} taken after the account locks,
   * carried by every history row the transaction writes ({@link #CHANGED_AT}).
   */
  static final String MARK_CHANGE_TIME =
      "select set_config('position_sync.changed_at', clock_timestamp()::text, true)";

  /** The change time fixed by {@link #MARK_CHANGE_TIME}. */
  private static final String CHANGED_AT =
      "current_setting('position_sync.changed_at')::timestamptz";

  /**
   * Accounts of the scope whose last applied snapshot was captured after the given time.
   * Parameters: the accounts, the capture time.
   */
  static final String NEWER_SNAPSHOTS =
      "select account || ' (applied snapshot captured at ' || last_snapshot_captured_at || ')'"
          + " from account_sync_state"
          + " where account = any(?::text[]) and last_snapshot_captured_at > ?"
          + " order by account";

  /** The id of the sync run this transaction will record, taken up front for its history rows. */
  static final String RESERVE_RUN = "select nextval(pg_get_serial_sequence('sync_runs', 'id'))";

  /**
   * Records a succeeded run under its reserved id. Parameters: id, broker, trigger, inserted,
   * updated, closed, unchanged.
   */
  static final String RECORD_RUN =
      "insert into sync_runs (id, broker_id, trigger, started_at, finished_at, status, inserted,"
          + " updated, closed, unchanged) overriding system value"
          + " values (?, ?, ?, now(), clock_timestamp(), 'SUCCEEDED', ?, ?, ?, ?)";

  /**
   * Records that a complete snapshot confirmed every position of these accounts, without touching a
   * position row. Times only move forward. Parameters: accounts, capture time, run id.
   */
  static final String CONFIRM_ACCOUNTS =
      "insert into account_sync_state (account, last_confirmed_at, last_snapshot_captured_at,"
          + " last_sync_run_id)"
          + " select account, now(), ?, ? from unnest(?::text[]) as a(account)"
          + " on conflict (account) do update"
          + " set last_confirmed_at ="
          + " greatest(account_sync_state.last_confirmed_at, excluded.last_confirmed_at),"
          + " last_snapshot_captured_at = greatest(account_sync_state.last_snapshot_captured_at,"
          + " excluded.last_snapshot_captured_at),"
          + " last_sync_run_id = excluded.last_sync_run_id";

  /** What a write compares against: the reported columns, then whether the row is closed. */
  static final List<PositionColumn> COMPARED =
      Stream.concat(REPORTED.stream(), Stream.of(CLOSED_AT)).toList();

  private static final String COMPARED_SELECT =
      "select "
          + names(REPORTED, "p.")
          + ", p."
          + CLOSED_AT.sql()
          + " is not null from positions p";

  /** Every stored row of the given accounts. Parameter: the accounts. */
  static final String STORED_BY_ACCOUNTS = COMPARED_SELECT + " where p.account = any(?::text[])";

  /** The stored rows of the given keys. Parameters: accounts, contract ids (pairwise). */
  static final String STORED_BY_KEYS =
      COMPARED_SELECT
          + " join unnest(?::text[], ?::bigint[]) as k(account, con_id)"
          + " on p.account = k.account and p.con_id = k.con_id";

  private static final String VIEW_SELECT = "select " + names(ALL, "") + " from positions_view";

  /** Positions of one account. Parameters: account, include closed. */
  static final String POSITIONS_OF_ACCOUNT =
      VIEW_SELECT + " where account = ? and (? or closed_at is null) order by con_id";

  /** Positions of every account. Parameter: include closed. */
  static final String ALL_POSITIONS =
      VIEW_SELECT + " where ? or closed_at is null order by account, con_id";

  /** One position. Parameters: account, contract id. */
  static final String ONE_POSITION = VIEW_SELECT + " where account = ? and con_id = ?";

  private static final String HISTORY_COLUMNS =
      "position_history (account, con_id, old_quantity, new_quantity, changed_at, sync_run_id,"
          + " trigger, average_cost)";

  /**
   * Inserts new positions and their first history row in one statement. Parameters: one array per
   * reported column, then the run id and the trigger.
   */
  static final String INSERT_POSITIONS =
      "with inserted as ("
          + " insert into positions ("
          + names(REPORTED, "")
          + ", updated_at, last_synced_at)"
          + " select "
          + names(REPORTED, "u.")
          + ", now(), now() from "
          + unnest(REPORTED, List.of())
          + " returning account, con_id, quantity, average_cost)"
          + " insert into "
          + HISTORY_COLUMNS
          + " select account, con_id, null, quantity, "
          + CHANGED_AT
          + ", ?, ?, average_cost from inserted";

  /**
   * Rewrites existing rows (update, reopen, close) and appends a history row where the quantity
   * changed, in one statement. Parameters: one array per reported column, the stored quantities,
   * the closed flags, then the run id and the trigger.
   */
  static final String REWRITE_POSITIONS =
      "with written as ("
          + " update positions p set "
          + REPORTED.stream()
              .filter(c -> !c.key())
              .map(c -> c.sql() + " = u." + c.sql())
              .collect(Collectors.joining(", "))
          + ", closed_at = case when u.closed then coalesce(p.closed_at, now()) end,"
          + " updated_at = now(), last_synced_at = now() from "
          + unnest(REPORTED, List.of("old_quantity numeric", "closed boolean"))
          + " where p.account = u.account and p.con_id = u.con_id"
          + " returning p.account, p.con_id, u.old_quantity, p.quantity, p.average_cost)"
          + " insert into "
          + HISTORY_COLUMNS
          + " select account, con_id, old_quantity, quantity, "
          + CHANGED_AT
          + ", ?, ?, average_cost from written"
          + " where old_quantity is distinct from quantity";

  /**
   * Writes market price, value and PnL only where a reported (non-null) value differs by value from
   * the stored one. Not a position change: {@code updated_at} and history stay as they are.
   * Parameters: accounts, contract ids, then one array per PnL column.
   */
  static final String UPDATE_PNL =
      "update positions p set "
          + PNL.stream()
              .map(c -> c.sql() + " = coalesce(u." + c.sql() + ", p." + c.sql() + ")")
              .collect(Collectors.joining(", "))
          + " from "
          + unnest(Stream.concat(Stream.of(ACCOUNT, CON_ID), PNL.stream()).toList(), List.of())
          + " where p.account = u.account and p.con_id = u.con_id and ("
          + PNL.stream()
              .map(
                  c ->
                      "coalesce(u."
                          + c.sql()
                          + ", p."
                          + c.sql()
                          + ") is distinct from p."
                          + c.sql())
              .collect(Collectors.joining(" or "))
          + ")";

  private PositionSql() {}

  /** {@code unnest(?::text[], …) as u(account, …)} for the columns plus extra "name type"s. */
  private static String unnest(List<PositionColumn> columns, List<String> extras) {
    String arrays =
        Stream.concat(
                columns.stream().map(c -> "?::" + c.type().sql() + "[]"),
                extras.stream().map(e -> "?::" + e.substring(e.indexOf(' ') + 1) + "[]"))
            .collect(Collectors.joining(", "));
    String aliases =
        Stream.concat(
                columns.stream().map(PositionColumn::sql),
                extras.stream().map(e -> e.substring(0, e.indexOf(' '))))
            .collect(Collectors.joining(", "));
    return "unnest(" + arrays + ") as u(" + aliases + ")";
  }
}
