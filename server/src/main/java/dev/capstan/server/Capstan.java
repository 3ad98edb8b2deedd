package dev.capstan.server;

import dev.capstan.server.authn.AuthenticatorChain;
import dev.capstan.server.authn.ServiceAccountAuthenticator;
import dev.capstan.server.authn.ServiceAccountTokens;
import dev.capstan.server.authn.X509Authenticator;
import dev.capstan.server.authz.BootstrapAuthorizer;
import dev.capstan.server.endpoints.BuildInfo;
import dev.capstan.server.endpoints.HealthCheck;
import dev.capstan.server.endpoints.HealthEndpoints;
import dev.capstan.server.endpoints.VersionEndpoint;
import dev.capstan.server.http.ApiHttpServer;
import dev.capstan.server.http.Route;
import dev.capstan.server.openapi.OpenApiService;
import dev.capstan.server.handlers.DiscoveryHandler;
import dev.capstan.server.handlers.ResourceHandler;
import dev.capstan.server.handlers.ReviewHandler;
import dev.capstan.server.handlers.WatchSlots;
import dev.capstan.server.handlers.WatchWebSocket;
import dev.capstan.server.pki.ClusterPki;
import dev.capstan.server.catalog.BuiltinCatalog;
import dev.capstan.server.registry.Registry;
import dev.capstan.server.schema.BuiltinSchemas;
import dev.capstan.server.crd.CrdController;
import dev.capstan.server.crd.CustomSchemas;
import io.javalin.http.HandlerType;
import dev.capstan.server.storage.KvStore;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running all-in-one server: data directory lock, PKI, storage and the HTTPS API. {@link #start} returns
 * once it serves; {@link #close} shuts down in order (stop taking requests, finish those in flight, close
 * storage, release the directory).
 */
public final class Capstan implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Capstan.class);
  private static final long STOP_TIMEOUT_MILLIS = 30_000;
  private static final long STORAGE_CHECK_SECONDS = 5;
  /** A key no object can have (upstream keys have at least three segments), read by the storage check. */
  private static final String HEALTH_KEY = "/registry/health";

  private final DataDirLock lock;
  private final KvStore store;
  private final Registry registry;
  private final CrdController crdController;
  private final WatchSlots watchSlots;
  private final ApiHttpServer http;
  private final String url;
  private final Path kubeconfig;
  private volatile boolean shuttingDown;
  private boolean closed;

  private Capstan(DataDirLock lock, KvStore store, Registry registry, CrdController crdController,
      WatchSlots watchSlots, ApiHttpServer http, String url, Path kubeconfig) {
    this.watchSlots = watchSlots;
    this.lock = lock;
    this.store = store;
    this.registry = registry;
    this.crdController = crdController;
    this.http = http;
    this.url = url;
    this.kubeconfig = kubeconfig;
  }

  /** Starts a server; on failure everything started so far is released again. */
  public static Capstan start(ServerOptions options, Clock clock) throws IOException, GeneralSecurityException {
    Path dataDir = options.dataDir().toAbsolutePath().normalize();
    DataDirLock lock = DataDirLock.acquire(dataDir);
    KvStore store = null;
    CrdController crdController = null;
    try {
      ClusterPki pki = ClusterPki.loadOrCreate(dataDir.resolve("pki"), servingNames(options), clock);
      store = options.storage().open(dataDir, options.etcdServers());
      CustomSchemas schemas = new CustomSchemas(BuiltinSchemas.create());
      Registry registry = new Registry(store, BuiltinCatalog.create(clock), clock, schemas);
      registry.start(pki.caPem());
      BuiltinCatalog.bootstrap(registry, clock);
      Capstan[] self = new Capstan[1];
      KvStore storage = store;
      List<HealthCheck> base = List.of(
          HealthCheck.of("ping", () -> { }),
          HealthCheck.of("log", () -> { }),
          HealthCheck.of("etcd", () -> checkStorage(storage)));
      List<HealthCheck> ready = new ArrayList<>(base);
      ready.add(HealthCheck.of("shutdown", () -> {
        if (self[0] != null && self[0].shuttingDown) {
          throw new IllegalStateException("the server is shutting down");
        }
      }));
      List<Route> routes = new ArrayList<>();
      routes.addAll(VersionEndpoint.routes(BuildInfo.load()));
      routes.addAll(HealthEndpoints.routes("healthz", base));
      routes.addAll(HealthEndpoints.routes("livez", base));
      routes.addAll(HealthEndpoints.routes("readyz", ready));
      // Strategic merge needs a kind's patch metadata, so only kinds with a schema offer it (as upstream: not CRDs).
      OpenApiService openApi = new OpenApiService(registry.catalog()::all, schemas,
          d -> !d.custom() && schemas.kind(d.group(), d.version(), d.kind()).isPresent(),
          "v" + BuildInfo.KUBERNETES_VERSION, clock);
      routes.addAll(openApi.routes());
      crdController = new CrdController(registry, schemas, openApi::invalidate, clock);
      crdController.start();
      BootstrapAuthorizer authorizer = new BootstrapAuthorizer();
      WatchSlots watchSlots = new WatchSlots(WatchSlots.DEFAULT_LIMIT);
      ServiceAccountTokens saTokens = new ServiceAccountTokens(pki.serviceAccountKey());
      ResourceHandler resources = new ResourceHandler(registry, new DiscoveryHandler(registry.catalog()),
          new ReviewHandler(authorizer), clock, watchSlots, saTokens, schemas);
      for (HandlerType method : List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH,
          HandlerType.DELETE)) {
        for (String path : List.of("/api", "/api/<rest>", "/apis", "/apis/<rest>")) {
          routes.add(new Route(method, path, resources));
        }
      }

      ApiHttpServer http = new ApiHttpServer(
          new ApiHttpServer.Settings(options.bindAddress(), options.securePort(), options.verbosity(),
              STOP_TIMEOUT_MILLIS),
          pki,
          new AuthenticatorChain(List.of(new X509Authenticator(pki.caCertificate(), clock),
              new ServiceAccountAuthenticator(saTokens, (resource, namespace, name) -> liveUid(registry, resource,
                  namespace, name), clock))),
          authorizer,
          routes,
          List.of(new ApiHttpServer.WsRoute("/api/<rest>", new WatchWebSocket(registry, clock, watchSlots)),
              new ApiHttpServer.WsRoute("/apis/<rest>", new WatchWebSocket(registry, clock, watchSlots))));
      http.start();
      registry.publishApiServer(advertiseAddress(options.bindAddress()), http.port());
      String url = "https://" + urlHost(options.bindAddress()) + ":" + http.port();
      Path kubeconfig = dataDir.resolve("admin.kubeconfig");
      Kubeconfig.writeAdmin(kubeconfig, url, pki);
      self[0] = new Capstan(lock, store, registry, crdController, watchSlots, http, url,
          kubeconfig);
      LOG.info("Capstan {} ready: serving the Kubernetes API at {} (storage {}, kubeconfig {}, {} ms after JVM start)",
          BuildInfo.load().version(), url, options.storage().name().toLowerCase(java.util.Locale.ROOT), kubeconfig,
          java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
      return self[0];
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      if (crdController != null) {
        crdController.close();
      }
      if (store != null) {
        store.close();
      }
      lock.close();
      throw e;
    }
  }

  /** The server's URL, e.g. {@code https://127.0.0.1:6443}. */
  public String url() {
    return url;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public int port() {
    return http.port();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    shuttingDown = true;
    LOG.info("shutting down: finishing requests in flight");
    watchSlots.drain();
    try {
      http.close();
    } finally {
      try {
        crdController.close();
        registry.close();
        store.close();
      } finally {
        try {
          lock.close();
        } catch (IOException e) {
          LOG.warn("releasing the data directory lock failed", e);
        }
      }
    }
    LOG.info("stopped");
  }

  private static void checkStorage(KvStore store) throws Exception {
    try {
      CompletableFuture.supplyAsync(() -> store.get(HEALTH_KEY)).get(STORAGE_CHECK_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("storage did not answer within " + STORAGE_CHECK_SECONDS + "s");
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("storage read failed: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /**
   * The address the {@code kubernetes} endpoints name: a routable bind address, or else the host's first
   * non-loopback IPv4 address, as kube-apiserver picks its advertise address; "" when the host has none (endpoints
   * may not name loopback addresses).
   */
  static String advertiseAddress(String bindAddress) {
    if (!isWildcard(bindAddress) && !bindAddress.startsWith("127.") && !bindAddress.equals("::1")
        && !bindAddress.equals("localhost")) {
      return bindAddress;
    }
    try {
      for (java.net.NetworkInterface nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        for (InetAddress a : java.util.Collections.list(nic.getInetAddresses())) {
          if (a instanceof java.net.Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
            return a.getHostAddress();
          }
        }
      }
    } catch (java.net.SocketException e) {
      LOG.debug("listing network interfaces failed", e);
    }
    return "";
  }

  /** The uid of a core/v1 object that exists now, for the token authenticator. */
  private static java.util.Optional<String> liveUid(Registry registry, String resource, String namespace,
      String name) {
    return registry.catalog().lookup("", "v1", resource).flatMap(d -> {
      try {
        return java.util.Optional.of(registry.store(d).get(d.key(namespace, name)).uid());
      } catch (dev.capstan.api.ApiException e) {
        return java.util.Optional.empty();
      }
    });
  }

  static List<String> servingNames(ServerOptions options) {
    Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1", "kubernetes",
        "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"));
    String host = hostName();
    if (!host.isEmpty()) {
      names.add(host);
    }
    if (!isWildcard(options.bindAddress())) {
      names.add(options.bindAddress());
    }
    names.addAll(options.tlsSans());
    return List.copyOf(names);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      String env = System.getenv("HOSTNAME");
      return env == null ? "" : env;
    }
  }

  private static boolean isWildcard(String address) {
    return address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]");
  }

  private static String urlHost(String bindAddress) {
    if (isWildcard(bindAddress)) {
      return "127.0.0.1";
    }
    return bindAddress.contains(":") && !bindAddress.startsWith("[") ? "[" + bindAddress + "]" : bindAddress;
  }
}
