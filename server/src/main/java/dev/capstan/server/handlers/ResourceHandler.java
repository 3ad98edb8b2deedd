package dev.capstan.server.handlers;

import dev.capstan.api.ApiException;
import dev.capstan.api.KubeObject;
import dev.capstan.server.apply.FieldManagers;
import dev.capstan.server.authn.ServiceAccountTokens;
import dev.capstan.server.http.ApiHttpServer;
import dev.capstan.server.printers.Tables;
import dev.capstan.server.registry.ListOptions;
import dev.capstan.server.registry.ObjectList;
import dev.capstan.server.registry.DeleteRequest;
import dev.capstan.server.registry.Registry;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.registry.Selectors;
import dev.capstan.server.request.RequestInfo;
import dev.capstan.server.schema.Schema;
import dev.capstan.server.schema.SchemaModel;
import dev.capstan.server.watchcache.WatchCache;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Serves resource requests under {@code /api} and {@code /apis}: finds the resource, then runs the verb the
 * request info names. Discovery requests (no resource) go to {@link DiscoveryHandler}.
 */
public final class ResourceHandler implements Handler {
  private static final Logger LOG = LoggerFactory.getLogger(ResourceHandler.class);
  private static final java.time.Duration CACHE_WAIT = java.time.Duration.ofSeconds(3);

  private final Registry registry;
  private final ReviewHandler reviews;
  private final DiscoveryHandler discovery;
  private final WatchHandler watch;
  private final SubresourceHandler subresources;
  private final Clock clock;
  private final SchemaModel schemas;

  /** {@code schemas} guides strategic merge patches and field validation; a kind without one refuses the former. */
  public ResourceHandler(Registry registry, DiscoveryHandler discovery, ReviewHandler reviews, Clock clock,
      WatchSlots slots, ServiceAccountTokens tokens, SchemaModel schemas) {
    this.registry = registry;
    this.schemas = schemas;
    this.reviews = reviews;
    this.discovery = discovery;
    this.watch = new WatchHandler(registry, clock, slots);
    this.subresources = new SubresourceHandler(registry, clock, tokens, schemas);
    this.clock = clock;
  }

  @Override
  public void handle(Context ctx) throws Exception {
    RequestInfo info = ApiHttpServer.requestInfo(ctx);
    if (!info.resourceRequest()) {
      discovery.handle(ctx, info);
      return;
    }
    ResourceDefinition d = registry.catalog().lookup(info.apiGroup(), info.apiVersion(), info.resource())
        .orElseThrow(ApiException::pathNotFound);
    if (!d.namespaced() && !info.namespace().isEmpty() && !d.resource().equals("namespaces")) {
      throw ApiException.pathNotFound();
    }
    if (d.deprecationWarning() != null) {
      Warnings.add(ctx, d.deprecationWarning());
    }
    if (!info.subresource().isEmpty()) {
      subresources.handle(ctx, d, d.namespaced() ? info.namespace() : "", info);
      return;
    }
    if (!d.serves(info.verb())) {
      throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested "
          + "resource", new dev.capstan.api.StatusDetails("", d.group(), d.resource(), null));
    }
    // For cluster-scoped resources the "namespace" in the path is the object's own name (namespaces/x).
    String namespace = d.namespaced() ? info.namespace() : "";
    switch (info.verb()) {
      case "get" -> Encoding.writeObject(ctx, 200, d, registry.store(d).get(d.key(namespace, info.name())),
          clock.instant());
      case "list" -> list(ctx, d, namespace);
      case "watch" -> watchOverHttp(ctx, d, namespace, info.name());
      case "create" -> create(ctx, d, namespace, info);
      case "update" -> update(ctx, d, namespace, info);
      case "delete" -> delete(ctx, d, namespace, info);
      case "deletecollection" -> deleteCollection(ctx, d, namespace);
      case "patch" -> patch(ctx, d, namespace, info);
      default -> throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the "
          + "requested resource", null);
    }
  }

  private void watchOverHttp(Context ctx, ResourceDefinition d, String namespace, String name) throws Exception {
    Encoding.Format format = Encoding.format(ctx);
    if (format == Encoding.Format.YAML) {
      format = Encoding.Format.JSON; // upstream streams watch events as JSON even when YAML is accepted
    }
    boolean table = format == Encoding.Format.TABLE;
    WatchHandler.Request r = WatchHandler.Request.of(d, namespace, name, ctx::queryParam, format,
        table ? Encoding.includeObject(ctx) : Tables.IncludeObject.OBJECT,
        selector(d, ctx.queryParam("labelSelector"), ctx.queryParam("fieldSelector")));
    ctx.status(200);
    ctx.contentType(table ? Encoding.TABLE_TYPE : "application/json");
    OutputStream out = ctx.res().getOutputStream();
    try {
      watchTo(out, ctx, r);
    } catch (IOException e) {
      // The client went away or was cut off as a stalled reader: nothing can be answered on this stream.
      LOG.debug("watch {} ended: {}", ctx.path(), e.toString());
    }
  }

  private void watchTo(OutputStream out, Context ctx, WatchHandler.Request r) throws IOException,
      InterruptedException {
    watch.run(r, new WatchHandler.Sink() {
      @Override
      public void send(byte[] event) throws IOException {
        out.write(event);
        out.write('\n');
      }

      @Override
      public void flush() throws IOException {
        out.flush();
      }

      /**
       * HTTP/1.1: closes the connection, which fails the blocked write (aborting the response alone leaves it
       * blocked until the idle timeout); HTTP/2: resets the stream, leaving the client's other streams alone.
       */
      @Override
      public void abort() {
        org.eclipse.jetty.ee10.servlet.ServletChannel channel = org.eclipse.jetty.ee10.servlet.ServletContextRequest
            .getServletContextRequest(ctx.req()).getServletChannel();
        if (channel.getConnectionMetaData().getHttpVersion() == org.eclipse.jetty.http.HttpVersion.HTTP_2) {
          channel.abort(new IOException("the client stopped reading the watch"));
        } else {
          channel.getEndPoint().close();
        }
      }
    }, () -> false);
  }

  private void list(Context ctx, ResourceDefinition d, String namespace) throws InterruptedException {
    long limit = 0;
    String limitParam = ctx.queryParam("limit");
    if (limitParam != null && !limitParam.isEmpty()) {
      try {
        limit = Long.parseLong(limitParam);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("limit: Invalid value: \"" + limitParam + "\": must be an integer");
      }
    }
    Predicate<KubeObject> selector = selector(d, ctx.queryParam("labelSelector"), ctx.queryParam("fieldSelector"));
    String rv = ctx.queryParam("resourceVersion");
    String continueToken = ctx.queryParam("continue");
    boolean firstPage = continueToken == null || continueToken.isEmpty();
    if ("0".equals(rv) && firstPage) {
      // "Any version" is served from the watch cache, whole, as upstream's cache serves it (limit not applied).
      writeSnapshot(ctx, d, namespace, selector, registry.cache(d).list(0, CACHE_WAIT));
      return;
    }
    java.util.OptionalLong current = registry.consistentRevision();
    if ((rv == null || rv.isEmpty()) && firstPage && limit == 0 && current.isPresent()) {
      // A consistent read from the cache once it has caught up with the store's current revision, as upstream's
      // consistent-list-from-cache; storage answers only if the cache lags.
      try {
        writeSnapshot(ctx, d, namespace, selector, registry.cache(d).list(current.getAsLong(), CACHE_WAIT));
        return;
      } catch (ApiException lagging) {
        if (lagging.code() != 504) {
          throw lagging;
        }
      }
    }
    // The store applies the selector while it pages, as upstream's does: a page is short only when it is the last.
    ObjectList page = registry.store(d).list(d.keyPrefix(namespace), new ListOptions(ctx.queryParam("resourceVersion"),
        ctx.queryParam("resourceVersionMatch"), limit, ctx.queryParam("continue"), selector));
    Encoding.writeList(ctx, d, page.items(), page.resourceVersion(), page.continueToken(),
        page.remainingItemCount(), clock.instant());
  }

  private void writeSnapshot(Context ctx, ResourceDefinition d, String namespace, Predicate<KubeObject> selector,
      WatchCache.Snapshot snapshot) {
    Encoding.writeList(ctx, d, snapshot.objects().stream()
        .filter(o -> namespace.isEmpty() || o.namespace().equals(namespace)).filter(selector).toList(),
        Long.toString(snapshot.revision()), "", clock.instant());
  }

  /** Removes every object the selectors match, one by one, and answers the list of what was removed. */
  private void deleteCollection(Context ctx, ResourceDefinition d, String namespace) {
    Predicate<KubeObject> selector = selector(d, ctx.queryParam("labelSelector"), ctx.queryParam("fieldSelector"));
    DeleteRequest options = DeleteOptions.read(ctx);
    ObjectList all = registry.store(d).list(d.keyPrefix(namespace), ListOptions.ALL);
    java.util.List<KubeObject> deleted = new java.util.ArrayList<>();
    for (KubeObject o : all.items()) {
      if (!selector.test(o)) {
        continue;
      }
      try {
        deleted.add(registry.delete(d, o.namespace(), o.name(), options).object());
      } catch (ApiException e) {
        if (e.code() != 404) {
          throw e; // one deleted meanwhile is simply gone
        }
      }
    }
    Encoding.writeList(ctx, d, deleted, all.resourceVersion(), "", clock.instant());
  }

  /** {@code dryRun=All}: the write is checked in full and not stored. Any other value is upstream's 400. */
  static boolean dryRun(Context ctx) {
    java.util.List<String> values = ctx.queryParams("dryRun");
    if (values.isEmpty()) {
      return false;
    }
    for (String v : values) {
      if (!v.equals("All")) {
        throw ApiException.badRequest("dryRun: Unsupported value: []string{" + String.join(", ",
            values.stream().map(x -> "\"" + x + "\"").toList()) + "}: supported values: \"All\"");
      }
    }
    return true;
  }

  /** Both selectors of a request as one predicate; a malformed one is a 400. */
  static Predicate<KubeObject> selector(ResourceDefinition d, String labelSelector, String fieldSelector) {
    return Selectors.both(Selectors.labels(labelSelector), Selectors.fields(fieldSelector, d.fieldSelectors()));
  }

  private void create(Context ctx, ResourceDefinition d, String namespace, RequestInfo info) {
    if (d.resource().equals("bindings") && d.group().isEmpty()) {
      subresources.bindByName(ctx, namespace);
      return;
    }
    KubeObject object = Encoding.decode(ctx, d);
    FieldValidation.of(ctx, "CreateOptions", schema(d)).checkBody(d, ctx.bodyAsBytes(), object);
    if (ReviewHandler.handles(d)) {
      reviews.create(ctx, d, object, ApiHttpServer.user(ctx));
      return;
    }
    checkNamespace(object, namespace, d);
    KubeObject created = registry.create(d, namespace, object, dryRun(ctx), ApiHttpServer.user(ctx),
        manager(ctx, "CreateOptions", false, false));
    Encoding.writeObject(ctx, 201, d, created, clock.instant());
  }

  private void update(Context ctx, ResourceDefinition d, String namespace, RequestInfo info) {
    KubeObject object = Encoding.decode(ctx, d);
    FieldValidation.of(ctx, "UpdateOptions", schema(d)).checkBody(d, ctx.bodyAsBytes(), object);
    checkNamespace(object, namespace, d);
    String manager = manager(ctx, "UpdateOptions", false, false);
    Encoding.writeObject(ctx, 200, d, registry.update(d, namespace, info.name(), current -> object.deepCopy(),
        dryRun(ctx), manager), clock.instant());
  }

  private void patch(Context ctx, ResourceDefinition d, String namespace, RequestInfo info) {
    boolean apply = Patches.isApply(ctx.contentType());
    String force = ctx.queryParam("force");
    String manager = manager(ctx, "PatchOptions", apply, force != null);
    if (apply) {
      Registry.Applied applied = registry.apply(d, namespace, info.name(),
          Patches.applyConfiguration(ctx.bodyAsBytes()), manager, "true".equals(force), dryRun(ctx),
          ApiHttpServer.user(ctx));
      Encoding.writeObject(ctx, applied.created() ? 201 : 200, d, applied.object(), clock.instant());
      return;
    }
    FieldValidation validation = FieldValidation.of(ctx, "PatchOptions", schema(d));
    byte[] body = ctx.bodyAsBytes();
    Patches.Patch patch = Patches.parse(ctx.contentType(), body, !d.custom()
        ? schemas.kind(d.group(), d.version(), d.kind()) : java.util.Optional.empty());
    KubeObject patched = registry.update(d, namespace, info.name(),
        validation.checking(patch, ctx.contentType(), body), dryRun(ctx), manager);
    validation.sendWarnings();
    Encoding.writeObject(ctx, 200, d, patched, clock.instant());
  }

  private Schema schema(ResourceDefinition d) {
    return schemas.kind(d.group(), d.version(), d.kind()).orElse(null);
  }

  /** The request's field manager ({@code fieldManager}, else from the User-Agent); 422 when invalid. */
  static String manager(Context ctx, String options, boolean apply, boolean force) {
    return FieldManagers.resolve(ctx.queryParam("fieldManager"), ctx.userAgent(), options, apply, force);
  }

  private void delete(Context ctx, ResourceDefinition d, String namespace, RequestInfo info) {
    DeleteRequest options = DeleteOptions.read(ctx);
    if (d.resource().equals("namespaces") && d.group().isEmpty()) {
      // Upstream answers with the namespace as it now is: Terminating, its content being removed.
      Encoding.writeObject(ctx, 200, d, registry.deleteNamespace(info.name(), options.dryRun()), clock.instant());
      return;
    }
    DeleteRequest.Result result = registry.delete(d, namespace, info.name(), options);
    if (result.gone() && !d.returnsDeletedObject()) {
      Encoding.writeDeleted(ctx, d, result.object());
    } else {
      // Upstream answers with the object while it waits for finalizers or its grace period.
      Encoding.writeObject(ctx, 200, d, result.object(), clock.instant());
    }
  }

  private static void checkNamespace(KubeObject object, String namespace, ResourceDefinition d) {
    if (!d.namespaced()) {
      return;
    }
    String own = object.namespace();
    if (own.isEmpty()) {
      object.metadata().put("namespace", namespace);
    } else if (!own.equals(namespace)) {
      throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the "
          + "request");
    }
  }
}
