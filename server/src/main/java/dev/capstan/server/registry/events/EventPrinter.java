package dev.capstan.server.registry.events;

import dev.capstan.api.KubeObject;
import dev.capstan.server.printers.Ages;
import dev.capstan.server.registry.values.Checks;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * The cells of an event row as upstream's printEvent fills them, for either version: last seen (from the series,
 * the last timestamp, or the first), type, reason, {@code kind/name}, message, and for {@code -o wide} the
 * subobject, source, first seen, count and name.
 */
final class EventPrinter {
  private EventPrinter() {}

  static List<Object> cells(KubeObject served, Instant now) {
    JsonNode e = EventConversion.core(served).node();
    String first = Checks.text(e, "firstTimestamp").isEmpty() ? Ages.since(Checks.text(e, "eventTime"), now)
        : Ages.since(Checks.text(e, "firstTimestamp"), now);
    String last = Checks.text(e, "lastTimestamp").isEmpty() ? first : Ages.since(Checks.text(e, "lastTimestamp"), now);
    long count = e.path("count").asLong(0);
    JsonNode series = e.get("series");
    if (series != null && series.isObject()) {
      last = Ages.since(Checks.text(series, "lastObservedTime"), now);
      count = series.path("count").asLong(0);
    } else if (count == 0) {
      // Events of the new API happen once unless they have a series.
      count = 1;
    }
    JsonNode involved = e.path("involvedObject");
    String kind = Checks.text(involved, "kind").toLowerCase(Locale.ROOT);
    String name = Checks.text(involved, "name");
    String target = name.isEmpty() ? kind : kind + "/" + name;
    return List.of(last, Checks.text(e, "type"), Checks.text(e, "reason"), target,
        Checks.text(involved, "fieldPath"), source(e), Checks.text(e, "message").strip(), first,
        count, Checks.text(e.path("metadata"), "name"));
  }

  /** {@code component, host}, falling back to the reporting controller and instance of new-style events. */
  private static String source(JsonNode e) {
    String component = Checks.text(e.path("source"), "component");
    String host = Checks.text(e.path("source"), "host");
    if (component.isEmpty()) {
      component = Checks.text(e, "reportingComponent");
    }
    if (host.isEmpty()) {
      host = Checks.text(e, "reportingInstance");
    }
    return host.isEmpty() ? component : component + ", " + host;
  }
}
