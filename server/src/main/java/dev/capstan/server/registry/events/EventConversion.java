package dev.capstan.server.registry.events;

import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Conversion;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * events.k8s.io/v1 Events over stored core/v1 Events, with upstream's field mapping: note is message, regarding is
 * involvedObject, reportingController is reportingComponent, and the deprecated* fields are the legacy source,
 * timestamps and count. Fields both forms share (reason, type, action, related, series, eventTime,
 * reportingInstance, metadata) carry over as they are. Stateless.
 */
final class EventConversion implements Conversion {
  static final String API_VERSION = "events.k8s.io/v1";

  /** events.k8s.io/v1 name, core/v1 name. */
  private static final List<String[]> RENAMED = List.of(
      new String[] {"note", "message"},
      new String[] {"regarding", "involvedObject"},
      new String[] {"reportingController", "reportingComponent"},
      new String[] {"deprecatedSource", "source"},
      new String[] {"deprecatedFirstTimestamp", "firstTimestamp"},
      new String[] {"deprecatedLastTimestamp", "lastTimestamp"},
      new String[] {"deprecatedCount", "count"});
  private static final List<String> SHARED = List.of("metadata", "reason", "type", "action", "related", "series",
      "eventTime", "reportingInstance");

  @Override
  public KubeObject toStorage(KubeObject served) {
    return KubeObject.wrap(toCore(served.node()));
  }

  @Override
  public KubeObject fromStorage(KubeObject stored) {
    ObjectNode in = stored.node();
    ObjectNode out = in.objectNode();
    out.put("apiVersion", API_VERSION);
    out.put("kind", "Event");
    copy(in, "metadata", out, "metadata");
    // eventTime has no omitempty in events.k8s.io/v1, so a legacy event shows it as null.
    out.set("eventTime", in.has("eventTime") ? in.get("eventTime").deepCopy() : out.nullNode());
    for (String f : SHARED) {
      if (!f.equals("metadata") && !f.equals("eventTime")) {
        copy(in, f, out, f);
      }
    }
    for (String[] pair : RENAMED) {
      copy(in, pair[1], out, pair[0]);
    }
    return KubeObject.wrap(out);
  }

  /** The core/v1 form of an events.k8s.io/v1 event; an event already in core form is returned as a copy. */
  static ObjectNode toCore(ObjectNode in) {
    if (!API_VERSION.equals(in.path("apiVersion").asString(""))) {
      return in.deepCopy();
    }
    ObjectNode out = in.objectNode();
    out.put("apiVersion", "v1");
    out.put("kind", "Event");
    for (String f : SHARED) {
      copy(in, f, out, f);
    }
    for (String[] pair : RENAMED) {
      copy(in, pair[0], out, pair[1]);
    }
    return out;
  }

  /** The core/v1 form of {@code o}, which may be in either form, for code that reads the stored shape. */
  static KubeObject core(KubeObject o) {
    return API_VERSION.equals(o.apiVersion()) ? KubeObject.wrap(toCore(o.node())) : o;
  }

  private static void copy(ObjectNode from, String field, ObjectNode to, String as) {
    JsonNode v = from.get(field);
    if (v != null && !v.isNull()) {
      to.set(as, v.deepCopy());
    }
  }
}
