package org.tradeplatform.broker.ibkr.wire;

/**
 * The version range a client announced in its handshake ({@code v100..187}), as the simulator reads
 * it.
 *
 * @param minVersion lowest server version the client speaks
 * @param maxVersion highest server version the client speaks
 * @param connectOptions text after the version range (for example {@code +PACEAPI}), or {@code
 *     null}
 */
public record ClientHello(int minVersion, int maxVersion, String connectOptions) {

  public ClientHello {
    if (minVersion > maxVersion) {
      throw new IllegalArgumentException(
          "client version range " + minVersion + ".." + maxVersion + " is empty");
    }
  }

  /**
   * The version a server that speaks up to {@code serverMaxVersion} agrees on: the lower of the two
   * maxima.
   *
   * @throws UnsupportedServerVersionException when that is below the client's minimum
   */
  public int negotiate(int serverMaxVersion) throws UnsupportedServerVersionException {
    int chosen = Math.min(maxVersion, serverMaxVersion);
    if (chosen < minVersion) {
      throw new UnsupportedServerVersionException(
          chosen,
          "client requires server version "
              + minVersion
              + ".."
              + maxVersion
              + " but the server speaks at most "
              + serverMaxVersion);
    }
    return chosen;
  }

  /** The handshake text, {@code v<min>..<max>} (or {@code v<n>}), plus options if any. */
  public String versionText() {
    String range =
        minVersion == maxVersion ? "v" + minVersion : "v" + minVersion + ".." + maxVersion;
    return connectOptions == null || connectOptions.isEmpty()
        ? range
        : range + " " + connectOptions;
  }
}
