package org.tradeplatform.position.repository.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * A real V6 database of the release before Flyway 13, flyway_schema_history included (see {@code
 * fixtures/README.md}), restored into an empty database.
 */
final class ReleaseFixture {

  static final String RESOURCE = "/fixtures/v6-release.sql";

  private ReleaseFixture() {}

  /** Runs the dump on a connection of its own (it clears that session's search_path). */
  static void restoreInto(DataSource database) throws SQLException {
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(script());
    }
  }

  static String script() {
    try (InputStream in = ReleaseFixture.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("test resource " + RESOURCE + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
