package org.tradeplatform.positionsync.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A plain HTTP GET against the container's own web server (127.0.0.1). */
final class Http {
  private Http() {}

  /** Pax Web's port in the tests (the shipped etc/org.ops4j.pax.web.cfg). */
  static final int PORT = 8181;

  /**
   * @param status HTTP status
   * @param headers response headers
   * @param body response body as UTF-8
   */
  record Response(int status, Map<String, List<String>> headers, String body) {
    boolean hasHeader(String name) {
      return headers.keySet().stream().anyMatch(k -> k != null && k.equalsIgnoreCase(name));
    }
  }

  static Response get(String pathAndQuery) {
    return get("127.0.0.1", PORT, pathAndQuery);
  }

  static Response get(String host, int port, String pathAndQuery) {
    try {
      HttpURLConnection c =
          (HttpURLConnection)
              new URL("http://" + host + ":" + port + pathAndQuery).openConnection();
      c.setConnectTimeout(5000);
      c.setReadTimeout(30000);
      int status = c.getResponseCode();
      InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
      String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new Response(status, c.getHeaderFields(), body);
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + host + ":" + port + pathAndQuery + " failed", e);
    }
  }

  /** GET that returns null instead of failing while the server or the path is not there yet. */
  static Response getOrNull(String pathAndQuery) {
    try {
      Response r = get(pathAndQuery);
      return r.status() == 404 ? null : r;
    } catch (UncheckedIOException e) {
      return null;
    }
  }
}
