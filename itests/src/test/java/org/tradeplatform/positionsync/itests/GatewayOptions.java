package org.tradeplatform.positionsync.itests;

import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ops4j.pax.exam.Option;

/** Driver-side configuration of a simulator and one IBKR connection to it. */
final class GatewayOptions {
  private GatewayOptions() {}

  static final String BROKER_ID = "sim";

  /** A port free on the loopback interface right now. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The simulator on {@code port} (accounts, a seeded book, no random walk), the connection {@link
   * #BROKER_ID} to it with quick reconnects, and the sync component with {@code debounceSeconds}.
   */
  static Option[] simulatorAndConnection(int port, String accounts, int debounceSeconds) {
    String sim = "etc/org.tradeplatform.broker.ibkr.simulator.cfg";
    String ibkr = "etc/org.tradeplatform.broker.ibkr-itest.cfg";
    String sync = "etc/org.tradeplatform.position.sync.cfg";
    return new Option[] {
      editConfigurationFilePut(sim, "port", String.valueOf(port)),
      editConfigurationFilePut(sim, "accounts", accounts),
      editConfigurationFilePut(sim, "seedBook", "true"),
      editConfigurationFilePut(sim, "randomWalkTradesPerSecond", "0"),
      editConfigurationFilePut(ibkr, "broker.id", BROKER_ID),
      editConfigurationFilePut(ibkr, "host", "127.0.0.1"),
      editConfigurationFilePut(ibkr, "port", String.valueOf(port)),
      editConfigurationFilePut(ibkr, "clientId", "7"),
      editConfigurationFilePut(ibkr, "reconnectMinSeconds", "1"),
      editConfigurationFilePut(ibkr, "reconnectMaxSeconds", "2"),
      editConfigurationFilePut(sync, "debounceSeconds", String.valueOf(debounceSeconds)),
      editConfigurationFilePut(sync, "periodicIntervalSeconds", "60"),
    };
  }

  /** {@code base} followed by {@code extra}. */
  static Option[] concat(Option[] base, Option... extra) {
    List<Option> all = new ArrayList<>(Arrays.asList(base));
    all.addAll(Arrays.asList(extra));
    return all.toArray(new Option[0]);
  }
}
