package org.tradeplatform.position.web.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.felix.webconsole.AbstractWebConsolePlugin;
import org.apache.felix.webconsole.WebConsoleConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.tradeplatform.position.api.PositionRepository;
import org.tradeplatform.position.api.PositionStoreException;
import org.tradeplatform.position.api.PositionSyncStatus;

/**
 * The "Positions" page of the Felix Web Console ({@code /system/console/positions}), behind the
 * console's login (Karaf's JAAS realm). Serves the page frame, its script and style from this
 * bundle ({@code res/}), and {@code data.json}, which the script polls. Values reach the browser
 * only as JSON and are put into the page as text, never as markup. Stateless apart from its
 * services.
 */
@Component(
    service = Servlet.class,
    property = {
      WebConsoleConstants.PLUGIN_LABEL + "=" + PositionsPlugin.LABEL,
      WebConsoleConstants.PLUGIN_TITLE + "=Positions",
      WebConsoleConstants.PLUGIN_CATEGORY + "=Position Sync"
    })
public final class PositionsPlugin extends AbstractWebConsolePlugin {

  static final String LABEL = "positions";
  private static final long serialVersionUID = 1L;
  private static final String DATA = "/" + LABEL + "/data.json";
  private static final String RESOURCES = "/" + LABEL + "/res/";

  private final transient PositionRepository repository;
  private final transient PositionSyncStatus status;
  private final transient LatencyObserver latency;
  private final transient Clock clock;

  @Activate
  public PositionsPlugin(
      @Reference PositionRepository repository,
      @Reference PositionSyncStatus status,
      @Reference LatencyObserver latency) {
    this.repository = repository;
    this.status = status;
    this.latency = latency;
    this.clock = latency.clock();
  }

  @Override
  public String getLabel() {
    return LABEL;
  }

  @Override
  public String getTitle() {
    return "Positions";
  }

  @Override
  public String getCategory() {
    return "Position Sync";
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws javax.servlet.ServletException, IOException {
    if (DATA.equals(request.getPathInfo())) {
      data(request, response);
    } else {
      super.doGet(request, response);
    }
  }

  private void data(HttpServletRequest request, HttpServletResponse response) throws IOException {
    int code = HttpServletResponse.SC_OK;
    Object body;
    try {
      PageQuery query =
          PageQuery.parse(
              request.getParameter("account"),
              request.getParameter("at"),
              request.getParameter("offset"),
              request.getParameter("limit"));
      body = PageData.of(query, repository, status, latency.ring(), clock.instant());
    } catch (IllegalArgumentException e) {
      code = HttpServletResponse.SC_BAD_REQUEST;
      body = Map.of("error", e.getMessage());
    } catch (PositionStoreException e) {
      code = HttpServletResponse.SC_SERVICE_UNAVAILABLE;
      body = Map.of("error", e.getMessage());
    }
    response.setStatus(code);
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.getWriter().write(Json.write(body));
  }

  /** The page frame: empty tables that the script fills from {@code data.json}. */
  @Override
  protected void renderContent(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String root =
        Html.escape(String.valueOf(request.getAttribute(WebConsoleConstants.ATTR_APP_ROOT)))
            + "/"
            + LABEL;
    PrintWriter out = response.getWriter();
    out.println("<link rel=\"stylesheet\" href=\"" + root + "/res/positions.css\">");
    out.println("<div id=\"ps-root\" data-plugin-root=\"" + root + "\">");
    out.println(Html.frame());
    out.println("</div>");
    out.println("<script src=\"" + root + "/res/positions.js\"></script>");
  }

  /**
   * Called by the console (by name) for {@code /positions/res/...}: the page's assets, from this
   * bundle only.
   */
  public URL getResource(String path) {
    if (path == null || !path.startsWith(RESOURCES) || path.contains("..")) {
      return null;
    }
    return PositionsPlugin.class.getResource(
        "/webconsole/positions/res/" + path.substring(RESOURCES.length()));
  }
}
