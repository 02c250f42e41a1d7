package org.tradeplatform.position.repository.internal;

import java.time.OffsetDateTime;
import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/**
 * The sync-run SQL of the repository (MyBatis annotation mapper); position rows are read and
 * written by {@link PositionSql} statements. Every value is a bound parameter.
 */
public interface PositionMapper {

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
