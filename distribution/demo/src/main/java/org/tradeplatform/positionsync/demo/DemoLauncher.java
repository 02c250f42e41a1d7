package org.tradeplatform.positionsync.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The README's run command: starts PostgreSQL with its data in a folder that survives restarts,
 * then the Karaf assembly in the foreground with its console on this terminal. When Karaf ends
 * ({@code shutdown} or Ctrl-D), PostgreSQL is stopped too.
 */
public final class DemoLauncher {

  private DemoLauncher() {}

  public static void main(String[] args) throws Exception {
    // PostgreSQL's own chatter would bury Karaf's console; warnings still show.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Path karafHome = Path.of(args.length > 0 ? args[0] : "distribution/assembly/target/assembly");
    Path dataHome = Path.of(env("POSITION_SYNC_DEMO_DATA", "data/demo"));
    int port = Integer.parseInt(env("POSITION_SYNC_DB_PORT", "15432"));
    Path karaf = karafHome.resolve("bin/karaf");
    if (!Files.isExecutable(karaf)) {
      System.err.println(
          "No Karaf assembly at " + karafHome.toAbsolutePath() + ": build it first (see README).");
      System.exit(2);
    }
    Path pgData = dataHome.resolve("postgres").toAbsolutePath();
    Files.createDirectories(pgData.getParent());

    System.out.println("Starting PostgreSQL on 127.0.0.1:" + port + ", data in " + pgData);
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(pgData)
            .setCleanDataDirectory(false)
            .setPort(port)
            // zonky defaults to non-durable commits; a demo kept running must not lose a
            // committed position in a crash
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("fsync", "on")
            .start();
    Thread stopPostgres = new Thread(() -> close(postgres), "stop-postgres");
    Runtime.getRuntime().addShutdownHook(stopPostgres);
    createDatabase(postgres, "positions");

    List<String> command = new ArrayList<>(List.of(karaf.toAbsolutePath().toString()));
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder.environment().put("POSITION_SYNC_DB_PORT", String.valueOf(port));
    builder.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
    System.out.println("Starting Karaf from " + karafHome.toAbsolutePath());
    Process process = builder.start();
    int exit = process.waitFor();
    System.out.println("Karaf ended (exit " + exit + "); stopping PostgreSQL.");
    Runtime.getRuntime().removeShutdownHook(stopPostgres);
    close(postgres);
    System.exit(exit);
  }

  private static void createDatabase(EmbeddedPostgres postgres, String name) throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        PreparedStatement exists =
            c.prepareStatement("select 1 from pg_database where datname = ?")) {
      exists.setString(1, name);
      try (ResultSet rs = exists.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
      try (Statement create = c.createStatement()) {
        // An identifier cannot be a parameter; the name is a constant of this class.
        create.execute("create database " + name);
      }
    }
  }

  private static void close(EmbeddedPostgres postgres) {
    try {
      postgres.close();
    } catch (IOException e) {
      System.err.println("PostgreSQL did not stop cleanly: " + e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
