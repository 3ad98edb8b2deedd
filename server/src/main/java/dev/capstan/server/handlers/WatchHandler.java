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
  /** At most this many events between flushes, so a busy watch still reaches its client steadily. */
  private static final int BATCH = 256;
  /** Upstream ends watches after --min-request-timeout (1800 s) times a random factor in [1, 2). */
  private static final long MIN_TIMEOUT_SECONDS = 1_800;

  /** Where events go; {@code send} gets one complete watch event. */
  interface Sink {
    void send(byte[] event) throws IOException;

    void flush() throws IOException;

    /** Ends the stream at once, failing a write that blocks (the client stopped reading). */
    default void abort() {}
  }

  /** How often an idle watch that allows bookmarks gets one, about as upstream's cache sends them. */
  private static final Duration BOOKMARK_EVERY = Duration.ofMinutes(1);
  private static final String INITIAL_EVENTS_END = "k8s.io/initial-events-end";

  /**
   * The request's parameters, from an HTTP or a WebSocket request.
   *
   * @param format JSON objects, Table rows or PartialObjectMetadata
   * @param sendInitialEvents null when not given
   */
  record Request(ResourceDefinition definition, String namespace, String name, String resourceVersion,
      String timeoutSeconds, Encoding.Format format, Tables.IncludeObject include, Predicate<KubeObject> selector,
      boolean bookmarks, Boolean sendInitialEvents) {

    boolean table() {
      return format == Encoding.Format.TABLE;
    }

    /** Reads and checks the query parameters as upstream's ListOptions validation does for a watch. */
    static Request of(ResourceDefinition d, String namespace, String name, java.util.function.UnaryOperator<String>
        query, Encoding.Format format, Tables.IncludeObject include, Predicate<KubeObject> selector) {
      boolean bookmarks = "true".equals(query.apply("allowWatchBookmarks"));
      String initial = query.apply("sendInitialEvents");
      Boolean sendInitialEvents = initial == null || initial.isEmpty() ? null : Boolean.parseBoolean(initial);
      String match = query.apply("resourceVersionMatch");
      List<dev.capstan.api.FieldError> errs = new java.util.ArrayList<>();
      if (sendInitialEvents != null) {
        if (!"NotOlderThan".equals(match)) {
          errs.add(dev.capstan.api.FieldError.forbidden("resourceVersionMatch",
              "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"));
        }
        if (!bookmarks) {
          errs.add(dev.capstan.api.FieldError.required("allowWatchBookmarks",
              "sendInitialEvents requires setting allowWatchBookmarks to true"));
        }
      } else if (match != null && !match.isEmpty()) {
        errs.add(dev.capstan.api.FieldError.forbidden("resourceVersionMatch",
            "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
      }
      if (!errs.isEmpty()) {
        throw dev.capstan.api.FieldError.invalid("meta.k8s.io", "ListOptions.meta.k8s.io", "ListOptions", "", errs);
      }
      return new Request(d, namespace, name, query.apply("resourceVersion"), query.apply("timeoutSeconds"), format,
          include, selector, bookmarks, sendInitialEvents);
    }
  }

  private final Registry registry;
  private final Clock clock;
  private final WatchSlots slots;
  private final StalledWrites stalls = new StalledWrites();

  WatchHandler(Registry registry, Clock clock, WatchSlots slots) {
    this.registry = registry;
    this.clock = clock;
    this.slots = slots;
  }

  /**
   * Runs a watch until its timeout, the cache ending it, or {@code stopped} turning true; the sink's
   * IOException (the client went away) ends it too.
   */
  void run(Request r, Sink sink, BooleanSupplier stopped) throws IOException, InterruptedException {
    slots.acquire();
    try (StalledWrites.Guarded guarded = stalls.guard(sink)) {
      serve(r, guarded, stopped);
    } finally {
      slots.release();
    }
  }

  private void serve(Request r, Sink sink, BooleanSupplier stopped) throws IOException, InterruptedException {
    ResourceDefinition d = r.definition();
    String prefix = d.keyPrefix(r.namespace());
    String exact = r.name().isEmpty() ? null : d.key(r.namespace(), r.name());
    Predicate<CacheEvent> filter = e -> e.key().startsWith(prefix) && (exact == null || e.key().equals(exact));
    WatchCache cache = registry.cache(d);
    String rv = r.resourceVersion();
    long timeout = timeoutSeconds(r.timeoutSeconds());

    List<KubeObject> initial = List.of();
    CacheWatcher watcher;
    long startRevision;
    boolean unversioned = rv == null || rv.isEmpty() || rv.equals("0");
    // Upstream: initial events without a version (or at 0) unless sendInitialEvents=false says otherwise; with a
    // version only when sendInitialEvents=true asks for them.
    boolean sendInitial = r.sendInitialEvents() != null ? r.sendInitialEvents() : unversioned;
    try {
      if (sendInitial) {
        WatchCache.Snapshot snapshot = cache.list(unversioned ? 0 : parse(rv), Duration.ofSeconds(3));
        initial = snapshot.objects().stream()
            .filter(o -> (r.namespace().isEmpty() || o.namespace().equals(r.namespace()))
                && (r.name().isEmpty() || o.name().equals(r.name())) && r.selector().test(o))
            .toList();
        startRevision = snapshot.revision();
      } else {
        startRevision = unversioned ? cache.revision() : parse(rv);
      }
      watcher = cache.watch(startRevision, filter, QUEUE);
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
      if (Boolean.TRUE.equals(r.sendInitialEvents())) {
        sink.send(event("BOOKMARK", bookmark(d, startRevision, true)));
      }
      sink.flush();
      long deadline = System.nanoTime() + timeout * 1_000_000_000L;
      long lastRevision = startRevision;
      long nextBookmark = System.nanoTime() + BOOKMARK_EVERY.toNanos();
      while (System.nanoTime() < deadline && !stopped.getAsBoolean() && !slots.draining()) {
        CacheEvent e = w.next(POLL);
        if (e == null) {
          if (w.end() != CacheWatcher.End.NONE) {
            return; // the client re-lists, as after any server-side end of a watch
          }
          long revision = cache.revision();
          if (r.bookmarks() && System.nanoTime() >= nextBookmark && revision > lastRevision) {
            sink.send(event("BOOKMARK", bookmark(d, revision, false)));
            sink.flush();
            lastRevision = revision;
            nextBookmark = System.nanoTime() + BOOKMARK_EVERY.toNanos();
          }
          continue;
        }
        // Everything already queued goes out before one flush, as upstream flushes only once its channel is
        // empty: under load many events share a TLS record and an HTTP/2 frame instead of one each.
        int batched = 0;
        do {
          lastRevision = Math.max(lastRevision, e.revision());
          String type = typeThroughSelector(e, r.selector());
          if (type != null) {
            sink.send(r.format() == Encoding.Format.JSON ? sharedEvent(type, e)
                : event(type, body(r, e.object(), first)));
            batched++;
          }
        } while (batched < BATCH && (e = w.poll()) != null);
        if (batched > 0) {
          sink.flush();
        }
      }
    }
  }

  private ObjectNode body(Request r, KubeObject o, boolean[] first) {
    if (r.format() == Encoding.Format.PARTIAL_METADATA) {
      ObjectNode p = Encoding.JSON.createObjectNode();
      p.put("kind", "PartialObjectMetadata");
      p.put("apiVersion", "meta.k8s.io/v1");
      p.set("metadata", o.metadata().deepCopy());
      return p;
    }
    if (!r.table()) {
      return o.node();
    }
    // Column definitions go with the first event only; kubectl prints its header from them once.
    ObjectNode t = Tables.render(first[0] ? r.definition().columns() : List.of(), r.definition().printer(),
        List.of(o), r.include(), o.resourceVersion(), "", clock.instant());
    first[0] = false;
    return t;
  }

  /** A BOOKMARK's object: the kind and the revision the watcher has seen everything up to. */
  private static ObjectNode bookmark(ResourceDefinition d, long revision, boolean initialEventsEnd) {
    ObjectNode o = Encoding.JSON.createObjectNode();
    o.put("kind", d.kind());
    o.put("apiVersion", d.apiVersion());
    ObjectNode meta = o.putObject("metadata");
    meta.put("resourceVersion", Long.toString(revision));
    meta.putNull("creationTimestamp");
    if (initialEventsEnd) {
      meta.putObject("annotations").put(INITIAL_EVENTS_END, "true");
    }
    return o;
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
