package org.tradeplatform.position.repository.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.tradeplatform.broker.api.PositionKey;
import org.tradeplatform.position.api.HeldPosition;
import org.tradeplatform.position.api.PositionHistoryEntry;
import org.tradeplatform.position.api.PositionsAsOf;

/**
 * Answers "what did the table hold at T" and "how did this position change" from {@code
 * position_history}. Stateless and thread-safe: every call reads in a session of its own.
 */
final class PositionHistoryReader {

  private final SqlSessionFactory sessions;

  PositionHistoryReader(SqlSessionFactory sessions) {
    this.sessions = Objects.requireNonNull(sessions, "sessions");
  }

  PositionsAsOf positionsAsOf(Instant at, Optional<String> account, int offset, int limit) {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(account, "account");
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, was " + offset);
    }
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, was " + limit);
    }
    // one row more than asked tells whether another page follows
    List<HeldPosition> rows =
        read(
            "reading positions as of " + at + account.map(a -> " of account " + a).orElse(""),
            mapper ->
                mapper.positionsAsOf(utc(at), account.orElse(null), offset, limit + 1).stream()
                    .map(HeldPositionRecord::toHeldPosition)
                    .toList());
    boolean more = rows.size() > limit;
    return new PositionsAsOf(at, offset, more ? rows.subList(0, limit) : rows, more);
  }

  List<PositionHistoryEntry> history(PositionKey key, Instant from, Instant to) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("range end " + to + " is before its start " + from);
    }
    return read(
        "reading the history of position " + key.account() + "/" + key.conId(),
        mapper ->
            mapper.history(key.account(), key.conId(), utc(from), utc(to)).stream()
                .map(HistoryEntryRecord::toEntry)
                .toList());
  }

  private <T> T read(String action, Function<PositionHistoryMapper, T> query) {
    try (SqlSession session = sessions.openSession(true)) {
      return query.apply(session.getMapper(PositionHistoryMapper.class));
    } catch (RuntimeException e) {
      throw PostgresPositionRepository.translate(action, e);
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
