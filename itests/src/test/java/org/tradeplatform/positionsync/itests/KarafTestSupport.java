package org.tradeplatform.positionsync.itests;

import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.options.MavenArtifactUrlReference;
import org.ops4j.pax.exam.options.MavenUrlReference;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Boots a real Karaf 4.4.10 with the project's features, pointed at a database of its own on the
 * shared test PostgreSQL. Test classes run inside the container; {@link #karaf} runs on the driver.
 */
public abstract class KarafTestSupport {

  static final String GROUP = "org.tradeplatform.positionsync";
  static final String CFG_DATASOURCE = "etc/org.ops4j.datasource-positions.cfg";
  static final String CFG_MVN = "etc/org.ops4j.pax.url.mvn.cfg";

  @Inject protected BundleContext bundleContext;
  @Inject protected FeaturesService featuresService;
  @Inject protected SessionFactory sessionFactory;

  /** Options for a container with {@code features} installed and a fresh database. */
  protected static Option[] karaf(String database, String... featureNames) {
    String jdbcUrl = TestDatabase.create(database);
    List<Option> options = new ArrayList<>(plainKaraf());
    options.addAll(
        List.of(
            editConfigurationFilePut(
                CFG_DATASOURCE, "osgi.jdbc.driver.name", "PostgreSQL JDBC Driver"),
            editConfigurationFilePut(CFG_DATASOURCE, "dataSourceName", "positions"),
            editConfigurationFilePut(CFG_DATASOURCE, "url", jdbcUrl),
            editConfigurationFilePut(CFG_DATASOURCE, "user", "postgres"),
            editConfigurationFilePut(CFG_DATASOURCE, ".password", "postgres"),
            editConfigurationFilePut(CFG_DATASOURCE, "pool", "hikari"),
            editConfigurationFilePut(CFG_DATASOURCE, "xa", "false"),
            editConfigurationFilePut(CFG_DATASOURCE, "hikari.initializationFailTimeout", "-1"),
            editConfigurationFilePut(CFG_DATASOURCE, "hikari.maximumPoolSize", "4"),
            editConfigurationFilePut(CFG_DATASOURCE, "hikari.connectionTimeout", "5000"),
            editConfigurationFilePut(
                "etc/system.properties", "itest.scale", System.getProperty("itest.scale", "1")),
            editConfigurationFilePut(
                "etc/system.properties",
                "itest.database.port",
                String.valueOf(TestDatabase.port())),
            features(projectFeatures(), featureNames)));
    return options.toArray(new Option[0]);
  }

  /**
   * Options for the plain {@code apache-karaf} distribution with nothing of ours in it: Karaf reads
   * Maven artifacts only from the reactor and the local repository that this build filled, so the
   * test needs no network of its own.
   */
  protected static List<Option> plainKaraf() {
    String karafVersion = System.getProperty("karaf.version");
    String localRepo = System.getProperty("maven.repo.local");
    String reactorRepo = System.getProperty("reactor.repo");
    MavenArtifactUrlReference distribution =
        maven()
            .groupId("org.apache.karaf")
            .artifactId("apache-karaf")
            .version(karafVersion)
            .type("tar.gz");
    String endorsed = "lib/endorsed/org.apache.karaf.specs.";
    return List.of(
        karafDistributionConfiguration()
            .frameworkUrl(distribution)
            .name("Apache Karaf")
            .unpackDirectory(new File("target/exam"))
            .useDeployFolder(false),
        configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
        keepRuntimeFolder(),
        logLevel(LogLevel.INFO),
        editConfigurationFilePut(CFG_MVN, "org.ops4j.pax.url.mvn.localRepository", localRepo),
        editConfigurationFilePut(
            CFG_MVN,
            "org.ops4j.pax.url.mvn.defaultRepositories",
            "file:${karaf.home}/${karaf.default.repository}@id=system.repository@snapshots,"
                + "file:${karaf.data}/kar@id=kar.repository@multi@snapshots,"
                + "file:"
                + reactorRepo
                + "@id=reactor@snapshots,"
                + "file:"
                + localRepo
                + "@id=local@snapshots"),
        editConfigurationFilePut(CFG_MVN, "org.ops4j.pax.url.mvn.repositories", ""),
        systemProperty("pax.exam.osgi.unresolved.fail").value("true"),
        // Karaf's own launcher passes these on Java 9+; Pax Exam does not.
        vmOptions(
            "--add-reads=java.xml=java.logging",
            "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
            "--patch-module",
            "java.base=" + endorsed + "locator-" + karafVersion + ".jar",
            "--patch-module",
            "java.xml=" + endorsed + "java.xml-" + karafVersion + ".jar",
            "-Xmx768m"));
  }

  /** The project's features repository. */
  protected static MavenUrlReference projectFeatures() {
    return maven()
        .groupId(GROUP)
        .artifactId("features")
        .version(System.getProperty("project.version"))
        .classifier("features")
        .type("xml");
  }

  /** Waits until the condition holds, failing with {@code what} after {@code timeout}. */
  protected static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what, e);
      }
    }
  }

  /**
   * Runs a shell command and returns what it printed. Commands register asynchronously after a
   * feature install, so an unknown command is retried for a while.
   */
  protected String executeCommand(String command) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
      Session session = sessionFactory.create(System.in, print, print);
      try {
        Object result = session.execute(command);
        if (result != null) {
          print.println(result);
        }
        print.flush();
        return out.toString(StandardCharsets.UTF_8);
      } catch (Exception e) {
        boolean notYetThere = String.valueOf(e.getMessage()).contains("Command not found");
        if (!notYetThere || System.nanoTime() > deadline) {
          throw new AssertionError("command failed: " + command + "\n" + out, e);
        }
        sleep(Duration.ofMillis(250));
      } finally {
        session.close();
      }
    }
  }

  /**
   * Keys of the one pax-jdbc DataSource configuration that look like a password, comma-separated:
   * empty when the configuration keeps the password out of Config Admin, as the README asks.
   */
  static String datasourcePasswordKeys(ConfigurationAdmin configAdmin) throws Exception {
    Configuration[] found =
        configAdmin.listConfigurations("(service.factoryPid=org.ops4j.datasource)");
    if (found == null || found.length != 1) {
      throw new AssertionError("not one datasource configuration: " + Arrays.toString(found));
    }
    List<String> keys = new ArrayList<>();
    for (String key : Collections.list(found[0].getProperties().keys())) {
      if (key.toLowerCase(Locale.ROOT).contains("password")) {
        keys.add(key);
      }
    }
    return String.join(",", keys);
  }

  protected Bundle bundle(String artifactId) {
    String symbolicName = GROUP + "." + artifactId;
    return Arrays.stream(bundleContext.getBundles())
        .filter(b -> symbolicName.equals(b.getSymbolicName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("bundle not installed: " + symbolicName));
  }

  protected static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
