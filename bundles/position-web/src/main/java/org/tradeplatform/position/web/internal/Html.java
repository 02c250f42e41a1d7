package org.tradeplatform.position.web.internal;

/** The page's fixed markup and HTML escaping. Stateless. */
final class Html {
  private Html() {}

  /** Escapes text for an HTML element or a quoted attribute. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Sections and empty tables; no stored value is ever part of this text. */
  static String frame() {
    return """
        <p id="ps-status" class="statline">Loading…</p>
        <p id="ps-error" class="ps-error"></p>
        <h3>Sync sessions</h3>
        <table id="ps-sessions" class="nicetable">
          <thead><tr><th>Broker</th><th>Callbacks</th><th>Started</th><th>Succeeded</th>
            <th>Failed</th><th>Abandoned</th><th>Queued</th><th>Triggers</th><th>Coalesced</th><th>Drift</th><th>Held</th>
            <th>Last sync</th><th>Duration ms</th><th>Trigger</th><th>Last error</th></tr></thead>
          <tbody></tbody>
        </table>
        <h3>Positions</h3>
        <form id="ps-filter" onsubmit="return false">
          <label>Account <input id="ps-account" type="text" size="14"></label>
          <label>As of <input id="ps-at" type="datetime-local" step="1"></label>
          <button id="ps-now" type="button">Now</button>
          <span class="ps-hint">as of the end of the picked second, in this browser's time zone;
            empty: now</span>
        </form>
        <p id="ps-caption"></p>
        <table id="ps-positions" class="nicetable">
          <thead><tr><th>Account</th><th>ConId</th><th>Symbol</th><th>Type</th><th>Currency</th>
            <th>Quantity</th><th>Avg cost</th><th>Held since</th><th>Trigger</th></tr></thead>
          <tbody></tbody>
        </table>
        <p><button id="ps-prev" type="button">Previous</button>
          <span id="ps-page"></span>
          <button id="ps-next" type="button">Next</button></p>
        <h3>Last sync runs</h3>
        <table id="ps-runs" class="nicetable">
          <thead><tr><th>Run</th><th>Broker</th><th>Trigger</th><th>Finished</th>
            <th>Duration ms</th><th>Rows changed</th><th>Outcome</th><th>Error</th></tr></thead>
          <tbody></tbody>
        </table>
        <h3>Change → commit latency, last hour</h3>
        <p class="ps-hint">Per minute, mean (dark) and maximum (light) from the broker callback to
          the commit. Kept in memory only since <span id="ps-latency-since"></span>: lost when
          Karaf or this page's bundle restarts.</p>
        <svg id="ps-latency" width="720" height="170" role="img"
             aria-label="change to commit latency per minute"></svg>
        """;
  }
}
