package org.tradeplatform.positionsync.itests;

import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ops4j.pax.exam.Option;

/**
 * PostgreSQL as the container sees it: every connection of the {@code positions} DataSource runs
 * through a {@link TcpProxy} on a port chosen by the driver. Nothing listens on that port until a
 * test calls {@link #up()}, so the container boots with its database down; {@link #cut()} and
 * {@link #restore()} then make real outages while it runs.
 */
final class FaultDatabase {
  private FaultDatabase() {}

  /** System property (in the container) with the proxy's port. */
  static final String PROXY_PORT = "itest.database.proxy.port";

  /** The one proxy of this container (the probe's class lives as long as the container). */
  private static TcpProxy proxy;

  /**
   * Driver side: the DataSource of {@code database} through the proxy port, with short pool
   * timeouts so that an outage fails a sync in about a second instead of Hikari's default 30.
   */
  static Option[] throughProxy(String database) {
    int port = SyncStackSupport.freePort();
    String cfg = KarafTestSupport.CFG_DATASOURCE;
    return new Option[] {
      editConfigurationFilePut(cfg, "url", "jdbc:postgresql://127.0.0.1:" + port + "/" + database),
      editConfigurationFilePut(cfg, "hikari.connectionTimeout", "1000"),
      editConfigurationFilePut(cfg, "hikari.validationTimeout", "500"),
      editConfigurationFilePut("etc/system.properties", PROXY_PORT, String.valueOf(port)),
    };
  }

  /**
   * Driver side: the DataSource of {@code database} through the proxy port with the pool settings
   * and URL parameters the distribution ships (etc/org.ops4j.datasource-positions.cfg).
   */
  static Option[] throughProxyWithShippedPool(String database) {
    int port = SyncStackSupport.freePort();
    String cfg = KarafTestSupport.CFG_DATASOURCE;
    Map<String, String> shipped = OperationsSupport.shipped("org.ops4j.datasource-positions.cfg");
    String url = shipped.get("url");
    List<Option> options = new ArrayList<>();
    options.add(
        editConfigurationFilePut(
            cfg,
            "url",
            "jdbc:postgresql://127.0.0.1:"
                + port
                + "/"
                + database
                + url.substring(url.indexOf('?'))));
    shipped.forEach(
        (k, v) -> {
          if (k.startsWith("hikari.")) {
            options.add(editConfigurationFilePut(cfg, k, v));
          }
        });
    options.add(
        editConfigurationFilePut("etc/system.properties", PROXY_PORT, String.valueOf(port)));
    return options.toArray(new Option[0]);
  }

  /** Container side: starts forwarding to PostgreSQL if the proxy is not there yet. */
  static synchronized void up() {
    if (proxy == null) {
      int listen = Integer.getInteger(PROXY_PORT, -1);
      int target = Integer.getInteger("itest.database.port", -1);
      if (listen <= 0 || target <= 0) {
        throw new IllegalStateException(
            "system properties " + PROXY_PORT + " and itest.database.port are not set");
      }
      try {
        proxy = new TcpProxy(listen, target);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on the database proxy port " + listen, e);
      }
    }
    proxy.restore();
  }

  /** True once {@link #up()} ran: the proxy listens (cut or not). */
  static synchronized boolean started() {
    return proxy != null;
  }

  /** Resets every open database connection and refuses new ones. */
  static synchronized void cut() {
    if (proxy == null) {
      throw new IllegalStateException("the database proxy is not started");
    }
    proxy.cut();
  }

  /** Forwards connections again. */
  static synchronized void restore() {
    up();
  }
}
