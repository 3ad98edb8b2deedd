package dev.capstan.server.http;

import dev.capstan.api.ApiException;
import dev.capstan.api.AuthenticationRequest;
import dev.capstan.api.AuthorizationAttributes;
import dev.capstan.api.Authenticator;
import dev.capstan.api.Authorizer;
import dev.capstan.api.Decision;
import dev.capstan.api.UserInfo;
import dev.capstan.server.pki.ClusterPki;
import dev.capstan.server.request.RequestInfo;
import dev.capstan.server.request.RequestInfoResolver;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Consumer;
import io.javalin.websocket.WsConfig;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS front: TLS, then for every request authentication, authorization and routing, and errors rendered
 * as {@code Status} in one place. Routes are fixed when it starts.
 */
public final class ApiHttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiHttpServer.class);
  /** Upstream's limit on a request body (3 MiB); larger bodies are answered 413. */
  public static final long MAX_REQUEST_BYTES = 3L * 1024 * 1024;
  /** Request threads: the watches {@code WatchHandler} admits plus the short requests beside them. */
  private static final int MAX_THREADS = 4_500;
  private static final String USER = "capstan.user";
  private static final String INFO = "capstan.requestInfo";
  private static final String START = "capstan.start";

  /**
   * @param host the address to bind
   * @param port the port, 0 for any free one
   * @param verbosity like kube-apiserver's {@code -v}: at 3 and above every request is logged
   * @param stopTimeoutMillis how long a stop waits for requests in flight
   */
  public record Settings(String host, int port, int verbosity, long stopTimeoutMillis) {}

  private final Javalin app;
  private final Authenticator authenticator;
  private final Authorizer authorizer;
  private final boolean logRequests;

  public ApiHttpServer(Settings settings, ClusterPki pki, Authenticator authenticator, Authorizer authorizer,
      List<Route> routes) {
    this(settings, pki, authenticator, authorizer, routes, List.of());
  }

  /** A WebSocket endpoint; the upgrade request is authenticated and authorized like any other. */
  public record WsRoute(String path, Consumer<WsConfig> config) {}

  public ApiHttpServer(Settings settings, ClusterPki pki, Authenticator authenticator, Authorizer authorizer,
      List<Route> routes, List<WsRoute> wsRoutes) {
    this.authenticator = authenticator;
    this.authorizer = authorizer;
    this.logRequests = settings.verbosity() >= 3;
    this.app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.startup.showOldJavalinVersionWarning = false;
      cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
      // A watch holds its thread for as long as it runs, so the pool is sized for thousands of watches, not for
      // the CPU count (Java 17 has no virtual threads).
      QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, 8, 60_000);
      pool.setName("api");
      cfg.jetty.threadPool = pool;
      cfg.jetty.modifyServer(server -> {
        // Javalin nests its handler inside this one, so a stop waits for requests in flight.
        server.setHandler(new GracefulHandler());
        server.setStopTimeout(settings.stopTimeoutMillis());
        server.setStopAtShutdown(false);
      });
      cfg.jetty.addConnector((server, httpConfig) -> {
        try {
          return TlsConnector.create(server, httpConfig, pki, settings.host(), settings.port());
        } catch (Exception e) {
          throw new IllegalStateException("cannot configure TLS: " + e.getMessage(), e);
        }
      });
      cfg.routes.before(this::authenticateAndAuthorize);
      cfg.routes.after(this::logRequest);
      for (WsRoute ws : wsRoutes) {
        cfg.routes.wsBeforeUpgrade(ws.path(), this::authenticateAndAuthorize);
        cfg.routes.ws(ws.path(), ws.config());
      }
      for (Route r : routes) {
        cfg.routes.addHttpHandler(r.method(), r.path(), r.handler());
      }
      // Anything no route claims is upstream's 404, after authorization (so anonymous callers see 403).
      for (HandlerType method : List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH,
          HandlerType.DELETE, HandlerType.HEAD, HandlerType.OPTIONS)) {
        cfg.routes.addHttpHandler(method, "/<path>", ctx -> {
          throw ApiException.pathNotFound();
        });
        cfg.routes.addHttpHandler(method, "/", ctx -> {
          throw ApiException.pathNotFound();
        });
      }
      cfg.routes.exception(ApiException.class, (e, ctx) -> StatusWriter.write(ctx, e));
      cfg.routes.exception(HttpResponseException.class, (e, ctx) -> StatusWriter.write(ctx, fromJavalin(e)));
      cfg.routes.exception(Exception.class, (e, ctx) -> {
        LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
        StatusWriter.write(ctx, ApiException.internal("an unexpected error occurred; see the server log"));
      });
    });
  }

  public void start() {
    app.start();
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
  }

  /** Stops accepting requests, waits for those in flight (up to the stop timeout), then closes. */
  @Override
  public void close() {
    app.stop();
  }

  /** The authenticated user of a request that passed the filter. */
  public static UserInfo user(Context ctx) {
    return ctx.attribute(USER);
  }

  public static RequestInfo requestInfo(Context ctx) {
    return ctx.attribute(INFO);
  }

  private void authenticateAndAuthorize(Context ctx) {
    ctx.attribute(START, System.nanoTime());
    ctx.header("Audit-Id", UUID.randomUUID().toString());
    ctx.header("Cache-Control", "no-cache, private");
    RequestInfo info = RequestInfoResolver.resolve(ctx.method().name(), ctx.path(), ctx.queryParam("watch"));
    ctx.attribute(INFO, info);
    UserInfo user = authenticator.authenticate(new ContextView(ctx)).orElseThrow(ApiException::unauthorized);
    ctx.attribute(USER, user);
    AuthorizationAttributes attrs = new AuthorizationAttributes(user, info.verb(), info.namespace(),
        info.apiGroup(), info.apiVersion(), info.resource(), info.subresource(), info.name(),
        info.resourceRequest(), info.path());
    Decision d = authorizer.authorize(attrs);
    if (d.verdict() != Decision.Verdict.ALLOW) {
      throw info.resourceRequest()
          ? ApiException.forbiddenResource(user.name(), info.verb(), info.apiGroup(), info.resource(),
              info.subresource(), info.namespace(), info.name(), d.reason())
          : ApiException.forbiddenPath(user.name(), info.verb(), info.path(), d.reason());
    }
  }

  private void logRequest(Context ctx) {
    if (!logRequests) {
      return;
    }
    Long start = ctx.attribute(START);
    double millis = start == null ? 0 : (System.nanoTime() - start) / 1e6;
    LOG.info("\"HTTP\" verb=\"{}\" URI=\"{}\" latency=\"{}ms\" userAgent=\"{}\" audit-ID=\"{}\" srcIP=\"{}\" "
            + "protocol=\"{}\" resp={}", ctx.method(), ctx.req().getRequestURI()
            + (ctx.queryString() == null ? "" : "?" + ctx.queryString()), String.format("%.3f", millis),
        ctx.userAgent(), ctx.res().getHeader("Audit-Id"), ctx.req().getRemoteAddr() + ":" + ctx.req().getRemotePort(),
        ctx.req().getProtocol(), ctx.statusCode());
  }

  private static ApiException fromJavalin(HttpResponseException e) {
    return switch (e.getStatus()) {
      case 413 -> new ApiException(413, "RequestEntityTooLarge",
          "Request entity too large: limit is " + MAX_REQUEST_BYTES, null);
      case 404 -> ApiException.pathNotFound();
      default -> e.getStatus() >= 500 ? ApiException.internal(e.getMessage())
          : new ApiException(e.getStatus(), "BadRequest", e.getMessage(), null);
    };
  }

  /** The request as authenticators see it. */
  private record ContextView(Context ctx) implements AuthenticationRequest {
    @Override
    public List<X509Certificate> clientCertificates() {
      Object certs = ctx.req().getAttribute("jakarta.servlet.request.X509Certificate");
      return certs instanceof X509Certificate[] chain ? List.of(chain) : List.of();
    }

    @Override
    public Optional<String> header(String name) {
      return Optional.ofNullable(ctx.header(name));
    }
  }
}
