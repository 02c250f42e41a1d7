package org.tradeplatform.positionsync.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.environment;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The distribution's own datasource configuration against a role that PostgreSQL lets in only with
 * its password, which the driver reads from {@code PGPASSFILE}: the stack works, and neither {@code
 * service:list}, nor {@code config:list}, nor the log shows the password or a {@code password =}
 * entry of the datasource.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NoPasswordLeakIT extends SyncStackSupport {

  /** Distinct from every user, database and host name, so any hit is the password. */
  private static final String PASSWORD = "Xq7-itest-dbpw-3f9c";

  private static final String ROLE = "position_writer";

  private static final String SHIPPED_DATASOURCE_CFG =
      "../distribution/assembly/src/main/resources/etc/org.ops4j.datasource-positions.cfg";
  private static final Pattern PASSWORD_ENTRY = Pattern.compile("(?i)(^|\\s)\\.?password\\s*=");

  @Configuration
  public Option[] config() throws IOException {
    // the shipped file names the database "positions" on the port from the environment
    Option[] options =
        stack(
            "positions",
            freePort(),
            replaceConfigurationFile(
                CFG_DATASOURCE, new File(SHIPPED_DATASOURCE_CFG).getAbsoluteFile()),
            environment("PGPASSFILE=" + passFile().toAbsolutePath()),
            environment("POSITION_SYNC_DB_USER=" + ROLE),
            environment("POSITION_SYNC_DB_PORT=" + TestDatabase.port()));
    TestDatabase.requirePassword("positions", ROLE, PASSWORD);
    return options;
  }

  /** A pgpass file (host:port:database:user:password) for the role, outside Karaf's folders. */
  private static Path passFile() throws IOException {
    Path file = Path.of("target", "itest-pgpass");
    Files.writeString(file, "127.0.0.1:*:positions:" + ROLE + ":" + PASSWORD + "\n");
    return file;
  }

  @Test
  public void noPasswordInServiceListConfigListOrTheLog() throws Exception {
    // the precondition: no password in Config Admin, and the stack works with the role's password
    assertEquals("", datasourcePasswordKeys(configAdmin));
    awaitRegisteredCallbacks(1);
    awaitTableEqualsBook();
    executeCommand("position:status");

    String services = executeCommand("service:list");
    assertTrue(
        "service:list lists the datasource", services.contains("dataSourceName = positions"));
    String configurations = executeCommand("config:list");
    assertTrue(
        "config:list lists the datasource", configurations.contains("dataSourceName = positions"));

    List<String> leaks = new ArrayList<>();
    leaks.addAll(leaks("service:list", datasourceBlocks(services, "[")));
    leaks.addAll(leaks("config:list", datasourceBlocks(configurations, "----")));
    leaks.addAll(leaks("karaf.log", karafLogText()));
    assertTrue("the password shows in:\n" + String.join("\n", leaks), leaks.isEmpty());
  }

  /**
   * The whole text when it shows the password anywhere; otherwise only the blocks (each starting
   * with a line that starts with {@code header}) that describe the datasource.
   */
  private static String datasourceBlocks(String text, String header) {
    if (text.contains(PASSWORD)) {
      return text;
    }
    StringBuilder datasource = new StringBuilder();
    StringBuilder block = new StringBuilder();
    for (String line : (text + "\n" + header).split("\\R")) {
      if (line.startsWith(header)) {
        if (block.indexOf("dataSourceName = positions") >= 0) {
          datasource.append(block);
        }
        block.setLength(0);
      }
      block.append(line).append('\n');
    }
    return datasource.toString();
  }

  /** Lines of {@code text} showing the password or a password entry, the value masked. */
  private static List<String> leaks(String where, String text) {
    List<String> found = new ArrayList<>();
    for (String line : text.split("\\R")) {
      if (line.contains(PASSWORD) || PASSWORD_ENTRY.matcher(line).find()) {
        found.add(where + ": " + line.replace(PASSWORD, "<the password>").trim());
      }
    }
    return found;
  }
}
