package org.tradeplatform.bench.repository;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a result depends on, read back from the running server rather than assumed: its version, the
 * durability settings ({@code show}) and the disk its data directory is on.
 */
record ServerFacts(String version, Map<String, String> settings, String disk, Path dataDirectory) {

  private static final String[] SETTINGS = {
    "synchronous_commit", "fsync", "full_page_writes", "wal_sync_method", "shared_buffers"
  };

  /**
   * A server builder with durable commits: zonky defaults to non-durable commits, and every figure
   * we publish is for commits that survive a crash.
   */
  static EmbeddedPostgres.Builder durableServer() {
    return EmbeddedPostgres.builder()
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("fsync", "on");
  }

  static ServerFacts read(EmbeddedPostgres server) throws SQLException, IOException {
    Map<String, String> settings = new LinkedHashMap<>();
    String version;
    String dataDirectory;
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      version = single(statement, "select version()");
      for (String setting : SETTINGS) {
        settings.put(setting, single(statement, "show " + setting));
      }
      dataDirectory = single(statement, "show data_directory");
    }
    FileStore store = Files.getFileStore(Path.of(dataDirectory));
    String device = store.name();
    String disk =
        device
            + " ("
            + store.type()
            + ", "
            + rotational(device)
            + "), data directory "
            + dataDirectory;
    return new ServerFacts(version, settings, disk, Path.of(dataDirectory));
  }

  private static String single(Statement statement, String sql) throws SQLException {
    try (ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** What the kernel says of the block device: rotational or not ("unknown" if it cannot tell). */
  private static String rotational(String device) {
    Path flag =
        Path.of("/sys/block", Path.of(device).getFileName().toString(), "queue", "rotational");
    try {
      return "1".equals(Files.readString(flag).trim()) ? "rotational" : "non-rotational";
    } catch (IOException | RuntimeException e) {
      return "rotational: unknown";
    }
  }

  String line() {
    return version + "; " + settings + "; disk " + disk;
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("- Server: ").append(version).append(" (embedded, zonky)\n");
    md.append("- Settings read back with `show`: ");
    settings.forEach((k, v) -> md.append('`').append(k).append(" = ").append(v).append("` "));
    md.append("\n- Disk: ").append(disk).append('\n');
    return md.toString();
  }
}
