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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import tools.jackson.databind.node.ObjectNode;

/**
 * Watches served from the resource's watch cache, one JSON watch event at a time, to a streaming HTTP response
 * (kubectl, client-go) or WebSocket text frames (fabric8). Without a resourceVersion (or with 0) the current
 * objects come first as ADDED events, as upstream sends them. An expired resourceVersion is an ERROR event
 * carrying a 410 Status.
 */
final class WatchHandler {
  private static final int QUEUE = 1_000;
  private static final Duration POLL = Duration.ofSeconds(1);
  /** Upstream ends watches after --min-request-timeout (1800 s) times a random factor in [1, 2). */
  private static final long MIN_TIMEOUT_SECONDS = 1_800;

  /** Where events go; {@code send} gets one complete watch event. */
  interface Sink {
    void send(byte[] event) throws IOException;

    void flush() throws IOException;
  }

  /** The request's parameters, from an HTTP or a WebSocket request. */
  record Request(ResourceDefinition definition, String namespace, String name, String resourceVersion,
      String timeoutSeconds, boolean table, Tables.IncludeObject include, Predicate<KubeObject> selector) {}

  private final Registry registry;
  private final Clock clock;

  WatchHandler(Registry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /**
   * Runs a watch until its timeout, the cache ending it, or {@code stopped} turning true; the sink's
   * IOException (the client went away) ends it too.
   */
  void run(Request r, Sink sink, BooleanSupplier stopped) throws IOException, InterruptedException {
    ResourceDefinition d = r.definition();
    String prefix = d.keyPrefix(r.namespace());
    String exact = r.name().isEmpty() ? null : d.key(r.namespace(), r.name());
    Predicate<CacheEvent> filter = e -> e.key().startsWith(prefix) && (exact == null || e.key().equals(exact));
    WatchCache cache = registry.cache(d);
    String rv = r.resourceVersion();
    long timeout = timeoutSeconds(r.timeoutSeconds());

    List<KubeObject> initial = List.of();
    CacheWatcher watcher;
    try {
      if (rv == null || rv.isEmpty() || rv.equals("0")) {
        WatchCache.Snapshot snapshot = cache.list(0, Duration.ofSeconds(3));
        initial = snapshot.objects().stream()
            .filter(o -> (r.namespace().isEmpty() || o.namespace().equals(r.namespace()))
                && (r.name().isEmpty() || o.name().equals(r.name())) && r.selector().test(o))
            .toList();
        watcher = cache.watch(snapshot.revision(), filter, QUEUE);
      } else {
        watcher = cache.watch(parse(rv), filter, QUEUE);
      }
    } catch (ApiException e) {
      if (e.code() != 410) {
        throw e;
      }
      sink.send(event("ERROR", StatusWriter.toStatus(e)));
      sink.flush();
      return;
    }

    boolean[] first = {true};
    try (CacheWatcher w = watcher) {
      for (KubeObject o : initial) {
        sink.send(event("ADDED", body(r, o, first)));
      }
      sink.flush();
      long deadline = System.nanoTime() + timeout * 1_000_000_000L;
      while (System.nanoTime() < deadline && !stopped.getAsBoolean()) {
        CacheEvent e = w.next(POLL);
        if (e == null) {
          if (w.end() != CacheWatcher.End.NONE) {
            return; // the client re-lists, as after any server-side end of a watch
          }
          continue;
        }
        String type = typeThroughSelector(e, r.selector());
        if (type == null) {
          continue;
        }
        sink.send(r.table() ? event(type, body(r, e.object(), first)) : sharedEvent(type, e));
        sink.flush();
      }
    }
  }

  private ObjectNode body(Request r, KubeObject o, boolean[] first) {
    if (!r.table()) {
      return o.node();
    }
    // Column definitions go with the first event only; kubectl prints its header from them once.
    ObjectNode t = Tables.render(first[0] ? r.definition().columns() : List.of(), r.definition().printer(),
        List.of(o), r.include(), o.resourceVersion(), "", clock.instant());
    first[0] = false;
    return t;
  }

  private static byte[] event(String type, ObjectNode object) {
    ObjectNode event = Encoding.JSON.createObjectNode();
    event.put("type", type);
    event.set("object", object);
    return Encoding.JSON.writeValueAsBytes(event);
  }

  /**
   * The event type a selecting watcher sees, as upstream: an object that starts matching is ADDED, one that stops
   * matching is DELETED; null when the watcher sees nothing.
   */
  private static String typeThroughSelector(CacheEvent e, Predicate<KubeObject> selector) {
    boolean now = selector.test(e.object());
    return switch (e.type()) {
      case ADDED -> now ? "ADDED" : null;
      case DELETED -> now ? "DELETED" : null;
      case MODIFIED -> {
        boolean before = e.previous() != null && selector.test(e.previous());
        yield now && before ? "MODIFIED" : now ? "ADDED" : before ? "DELETED" : null;
      }
    };
  }

  /** The event around the object's JSON that the cache encoded once for every watcher. */
  private static byte[] sharedEvent(String type, CacheEvent e) {
    byte[] head = ("{\"type\":\"" + type + "\",\"object\":").getBytes(StandardCharsets.UTF_8);
    byte[] object = e.objectJson();
    byte[] out = new byte[head.length + object.length + 1];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(object, 0, out, head.length, object.length);
    out[out.length - 1] = '}';
    return out;
  }

  private static long timeoutSeconds(String t) {
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
