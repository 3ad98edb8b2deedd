package dev.capstan.server.handlers;

import dev.capstan.api.ApiException;
import dev.capstan.api.KubeObject;
import dev.capstan.server.http.StatusWriter;
import dev.capstan.server.printers.Tables;
import dev.capstan.server.registry.Registry;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.watchcache.CacheEvent;
import dev.capstan.server.watchcache.CacheWatcher;
import dev.capstan.server.watchcache.WatchCache;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import tools.jackson.databind.node.ObjectNode;

/**
 * Streaming HTTP watches ({@code ?watch=true}): one JSON watch event per line, flushed as it happens, served
 * from the resource's watch cache. Without a resourceVersion (or with 0) the current objects come first as
 * ADDED events, as upstream sends them. An expired resourceVersion is an ERROR event carrying a 410 Status.
 */
final class WatchHandler {
  private static final int QUEUE = 1_000;
  private static final Duration POLL = Duration.ofSeconds(1);
  /** Upstream ends watches after --min-request-timeout (1800 s) times a random factor in [1, 2). */
  private static final long MIN_TIMEOUT_SECONDS = 1_800;

  private final Registry registry;
  private final Clock clock;

  WatchHandler(Registry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  void handle(Context ctx, ResourceDefinition d, String namespace, String name) throws IOException,
      InterruptedException {
    boolean table = Encoding.wantsTable(ctx);
    Tables.IncludeObject include = table ? Encoding.includeObject(ctx) : Tables.IncludeObject.OBJECT;
    String prefix = d.keyPrefix(namespace);
    String exact = name.isEmpty() ? null : d.key(namespace, name);
    Predicate<CacheEvent> filter = e -> e.key().startsWith(prefix) && (exact == null || e.key().equals(exact));
    WatchCache cache = registry.cache(d);
    String rv = ctx.queryParam("resourceVersion");
    boolean initialEvents = rv == null || rv.isEmpty() || rv.equals("0");

    List<KubeObject> initial = List.of();
    CacheWatcher watcher;
    ApiException startError = null;
    try {
      if (initialEvents) {
        WatchCache.Snapshot snapshot = cache.list(0, Duration.ofSeconds(3));
        initial = snapshot.objects().stream()
            .filter(o -> (namespace.isEmpty() || o.namespace().equals(namespace)) && (name.isEmpty()
                || o.name().equals(name)))
            .toList();
        watcher = cache.watch(snapshot.revision(), filter, QUEUE);
      } else {
        watcher = cache.watch(parse(rv), filter, QUEUE);
      }
    } catch (ApiException e) {
      if (e.code() != 410) {
        throw e;
      }
      watcher = null;
      startError = e;
    }

    ctx.status(200);
    ctx.contentType(table ? Encoding.TABLE_TYPE : "application/json");
    OutputStream out = ctx.res().getOutputStream();
    boolean[] first = {true};
    if (startError != null) {
      writeEvent(out, "ERROR", StatusWriter.toStatus(startError));
      out.flush();
      return;
    }
    try (CacheWatcher w = watcher) {
      for (KubeObject o : initial) {
        writeEvent(out, "ADDED", body(d, o, table, include, first));
      }
      out.flush();
      long timeout = timeoutSeconds(ctx);
      long deadline = System.nanoTime() + timeout * 1_000_000_000L;
      while (System.nanoTime() < deadline) {
        CacheEvent e = w.next(POLL);
        if (e == null) {
          if (w.end() != CacheWatcher.End.NONE) {
            return; // the client re-lists, as after any server-side end of a watch
          }
          continue;
        }
        writeEvent(out, e.type().name(), table ? body(d, e.object(), true, include, first) : null, e);
        out.flush();
      }
    }
  }

  private ObjectNode body(ResourceDefinition d, KubeObject o, boolean table, Tables.IncludeObject include,
      boolean[] first) {
    if (!table) {
      return o.node();
    }
    ObjectNode t = Tables.render(first[0] ? d.columns() : List.of(), d.printer(), List.of(o), include,
        o.resourceVersion(), "", clock.instant());
    first[0] = false;
    return t;
  }

  private static void writeEvent(OutputStream out, String type, ObjectNode object) throws IOException {
    ObjectNode event = Encoding.JSON.createObjectNode();
    event.put("type", type);
    event.set("object", object);
    out.write(Encoding.JSON.writeValueAsBytes(event));
    out.write('\n');
  }

  /** Writes a cache event, reusing its shared JSON when the object goes out as is. */
  private static void writeEvent(OutputStream out, String type, ObjectNode table, CacheEvent e) throws IOException {
    if (table != null) {
      writeEvent(out, type, table);
      return;
    }
    out.write(("{\"type\":\"" + type + "\",\"object\":").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    out.write(e.objectJson());
    out.write('}');
    out.write('\n');
  }

  private static long timeoutSeconds(Context ctx) {
    String t = ctx.queryParam("timeoutSeconds");
    if (t != null && !t.isEmpty()) {
      try {
        return Math.max(0, Long.parseLong(t));
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("timeoutSeconds: Invalid value: \"" + t + "\": must be an integer");
      }
    }
    return MIN_TIMEOUT_SECONDS + ThreadLocalRandom.current().nextLong(MIN_TIMEOUT_SECONDS);
  }

  private static long parse(String rv) {
    try {
      return Long.parseLong(rv);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("resourceVersion: Invalid value: \"" + rv + "\": must be a non-negative integer");
    }
  }
}
