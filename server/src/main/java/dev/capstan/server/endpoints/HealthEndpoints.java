package dev.capstan.server.endpoints;

import dev.capstan.api.ApiException;
import dev.capstan.server.http.Route;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /healthz}, {@code /livez} and {@code /readyz} as upstream serves them: "ok", or with {@code ?verbose}
 * one {@code [+]name ok} line per check; on failure always verbose, with the reason withheld from the public
 * answer (it goes to the log), and 500. {@code ?exclude=name} skips a check; {@code /readyz/<name>} runs one.
 */
public final class HealthEndpoints {
  private static final Logger LOG = LoggerFactory.getLogger(HealthEndpoints.class);

  private HealthEndpoints() {}

  public static List<Route> routes(String endpoint, List<HealthCheck> checks) {
    List<Route> routes = new ArrayList<>();
    routes.add(Route.get("/" + endpoint, ctx -> all(ctx, endpoint, checks)));
    for (HealthCheck c : checks) {
      routes.add(Route.get("/" + endpoint + "/" + c.name(), ctx -> one(ctx, c)));
    }
    return routes;
  }

  private static void all(Context ctx, String endpoint, List<HealthCheck> checks) {
    Set<String> excluded = new LinkedHashSet<>(ctx.queryParams("exclude"));
    StringBuilder out = new StringBuilder();
    List<String> failed = new ArrayList<>();
    for (HealthCheck c : checks) {
      if (excluded.remove(c.name())) {
        out.append("[+]").append(c.name()).append(" excluded: ok\n");
        continue;
      }
      try {
        c.check();
        out.append("[+]").append(c.name()).append(" ok\n");
      } catch (Exception e) {
        out.append("[-]").append(c.name()).append(" failed: reason withheld\n");
        LOG.info("{} check {} failed: {}", endpoint, c.name(), e.getMessage());
        failed.add(c.name());
      }
    }
    if (!excluded.isEmpty()) {
      out.append("warn: some health checks cannot be excluded: no matches for ")
          .append(String.join(",", excluded.stream().map(n -> "\"" + n + "\"").toList())).append('\n');
    }
    plain(ctx);
    if (!failed.isEmpty()) {
      ctx.status(500).result(out + endpoint + " check failed\n");
      return;
    }
    ctx.result(ctx.queryParamMap().containsKey("verbose") ? out + endpoint + " check passed\n" : "ok");
  }

  private static void one(Context ctx, HealthCheck c) {
    plain(ctx);
    try {
      c.check();
      ctx.result("ok");
    } catch (ApiException e) {
      throw e;
    } catch (Exception e) {
      ctx.status(500).result("internal server error: " + e.getMessage() + "\n");
    }
  }

  private static void plain(Context ctx) {
    ctx.contentType("text/plain; charset=utf-8");
    ctx.header("X-Content-Type-Options", "nosniff");
  }
}
