package org.tradeplatform.position.repository.internal;

import java.time.OffsetDateTime;
import java.util.List;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/**
 * The SQL of the as-of and history queries (MyBatis annotation mapper); every value is a bound
 * parameter.
 */
public interface PositionHistoryMapper {

  /**
   * Positions held at {@code at}, ordered by account and contract id. Per position one descent of
   * the index {@code position_history_as_of} finds the newest change at or before {@code at}; only
   * without one is the earliest change read, whose old quantity (null: opened later) is what the
   * table held before history recorded anything; a position without any history has held its
   * current quantity since history began.
   */
  @Select(
      """
      <script>
      select * from (
        select p.account, p.con_id, p.symbol, p.sec_type, p.currency, p.exchange, p.local_symbol,
               p.trading_class, p.expiry, p.strike, p.option_right, p.multiplier,
               case when l.changed_at is not null then l.new_quantity
                    else (coalesce(
                           (select array[h.old_quantity]
                              from position_history h
                             where h.account = p.account and h.con_id = p.con_id
                             order by h.changed_at, h.id
                             limit 1),
                           array[p.quantity]))[1]
               end as quantity,
               l.average_cost, l.changed_at as held_since, l.trigger
          from positions p
          left join lateral (
                 select h.new_quantity, h.average_cost, h.changed_at, h.trigger
                   from position_history h
                  where h.account = p.account and h.con_id = p.con_id
                    and h.changed_at &lt;= #{at}
                  order by h.changed_at desc, h.id desc
                  limit 1) l on true
         <if test="account != null">where p.account = #{account}</if>
         order by p.account, p.con_id
      ) held
       where quantity &lt;&gt; 0
       order by account, con_id
       offset #{offset}
       limit #{limit}
      </script>
      """)
  List<HeldPositionRecord> positionsAsOf(
      @Param("at") OffsetDateTime at,
      @Param("account") String account,
      @Param("offset") int offset,
      @Param("limit") int limit);

  /** Changes of one position in {@code [from, to)}, oldest first. */
  @Select(
      """
      select id, account, con_id, old_quantity, new_quantity, changed_at, trigger, average_cost,
             sync_run_id
        from position_history
       where account = #{account} and con_id = #{conId}
         and changed_at >= #{from} and changed_at < #{to}
       order by changed_at, id
      """)
  List<HistoryEntryRecord> history(
      @Param("account") String account,
      @Param("conId") long conId,
      @Param("from") OffsetDateTime from,
      @Param("to") OffsetDateTime to);
}
