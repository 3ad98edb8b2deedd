package dev.capstan.server.apply;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code metadata.managedFields} of one object as a map from manager identity to owned fields. An identity is
 * what upstream groups entries by: the manager, the operation and the subresource, plus the apiVersion for Update
 * entries (an applier keeps one entry whatever version it applies with). Mutable; used within one request.
 */
final class ManagedFields {
  static final String APPLY = "Apply";
  static final String UPDATE = "Update";

  /** Who owns an entry. {@code apiVersion} is "" for appliers. */
  record Manager(String manager, String operation, String apiVersion, String subresource) {
    static Manager of(String manager, String operation, String apiVersion, String subresource) {
      return new Manager(manager, operation, operation.equals(APPLY) ? "" : apiVersion, subresource);
    }

    boolean applied() {
      return operation.equals(APPLY);
    }

    /** As upstream prints a manager in a conflict: {@code "name"}, plus subresource and, for updates, version. */
    String describe(String version) {
      String s = dev.capstan.api.FieldError.goQuote(manager);
      if (!subresource.isEmpty()) {
        s += " with subresource " + dev.capstan.api.FieldError.goQuote(subresource);
      }
      return applied() ? s : s + " using " + version;
    }

    /** Upstream's identity string (the JSON of the entry without fields and time), which orders conflicts. */
    String identity() {
      ObjectNode o = Values.JSON.createObjectNode().put("manager", manager).put("operation", operation);
      if (!apiVersion.isEmpty()) {
        o.put("apiVersion", apiVersion);
      }
      if (!subresource.isEmpty()) {
        o.put("subresource", subresource);
      }
      return o.toString();
    }
  }

  /** The fields one manager owns, the version it owned them in, and when the entry last changed (or null). */
  record Entry(FieldSet fields, String apiVersion, Instant time) {}

  final Map<Manager, Entry> entries = new LinkedHashMap<>();

  ManagedFields copy() {
    ManagedFields c = new ManagedFields();
    c.entries.putAll(entries);
    return c;
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Reads {@code metadata.managedFields}; {@link IllegalArgumentException} with upstream's reason when malformed. */
  static ManagedFields decode(JsonNode list) {
    ManagedFields out = new ManagedFields();
    if (list == null || list.isNull()) {
      return out;
    }
    if (!list.isArray()) {
      throw new IllegalArgumentException("managedFields must be a list");
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode e = list.get(i);
      String operation = e.path("operation").asString("");
      if (!operation.equals(APPLY) && !operation.equals(UPDATE)) {
        throw new IllegalArgumentException("operation must be `Apply` or `Update`");
      }
      String apiVersion = e.path("apiVersion").asString("");
      if (apiVersion.isEmpty()) {
        throw new IllegalArgumentException("apiVersion must not be empty");
      }
      String type = e.path("fieldsType").asString("");
      if (type.isEmpty()) {
        throw new IllegalArgumentException("missing fieldsType in managed fields entry " + i);
      }
      if (!type.equals("FieldsV1")) {
        throw new IllegalArgumentException("invalid fieldsType \"" + type + "\" in managed fields entry " + i);
      }
      Instant time = null;
      if (e.hasNonNull("time")) {
        try {
          time = Instant.parse(e.get("time").asString());
        } catch (java.time.format.DateTimeParseException bad) {
          throw new IllegalArgumentException("invalid time in managed fields entry " + i);
        }
      }
      Manager m = Manager.of(e.path("manager").asString(""), operation, apiVersion, e.path("subresource").asString(""));
      out.entries.put(m, new Entry(FieldSet.fromFieldsV1(e.get("fieldsV1")), apiVersion, time));
    }
    return out;
  }

  /** The entries as upstream writes them: appliers first, then oldest first, then by manager, version, subresource. */
  ArrayNode encode() {
    List<Map.Entry<Manager, Entry>> sorted = new ArrayList<>(entries.entrySet());
    sorted.sort(Comparator.<Map.Entry<Manager, Entry>, String>comparing(e -> e.getKey().operation())
        .thenComparingLong(e -> e.getValue().time() == null ? 0 : e.getValue().time().getEpochSecond())
        .thenComparing(e -> e.getKey().manager())
        .thenComparing(e -> e.getValue().apiVersion())
        .thenComparing(e -> e.getKey().subresource()));
    ArrayNode out = Values.JSON.createArrayNode();
    for (Map.Entry<Manager, Entry> e : sorted) {
      ObjectNode o = out.addObject();
      o.put("manager", e.getKey().manager()).put("operation", e.getKey().operation())
          .put("apiVersion", e.getValue().apiVersion());
      if (e.getValue().time() != null) {
        o.put("time", e.getValue().time().toString());
      }
      o.put("fieldsType", "FieldsV1").set("fieldsV1", e.getValue().fields().toFieldsV1());
      if (!e.getKey().subresource().isEmpty()) {
        o.put("subresource", e.getKey().subresource());
      }
    }
    return out;
  }

  /** True when {@code list} asks to clear the managed fields: an empty list, or one entry with nothing in it. */
  static boolean isReset(JsonNode list) {
    if (list == null || !list.isArray()) {
      return false;
    }
    return list.isEmpty() || (list.size() == 1 && list.get(0).isObject() && list.get(0).isEmpty());
  }
}
