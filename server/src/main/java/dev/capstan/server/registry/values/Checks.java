package dev.capstan.server.registry.values;

import dev.capstan.api.FieldError;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Validation pieces several kinds share, worded as upstream's. Stateless. */
public final class Checks {
  public static final String NEGATIVE = "must be greater than or equal to 0";
  public static final String NOT_POSITIVE = "must be greater than zero";
  public static final String NOT_INTEGER = "must be an integer";
  public static final String PORT_RANGE = "must be between 1 and 65535, inclusive";
  public static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");

  private Checks() {}

  /** {@code supported values: "a", "b"}, the detail of an Unsupported value error. */
  public static String supported(List<String> values) {
    return "supported values: " + String.join(", ", values.stream().map(FieldError::goQuote).toList());
  }

  public static FieldError notSupported(String field, Object value, List<String> values) {
    return new FieldError(FieldError.Type.NOT_SUPPORTED, field, value, supported(values));
  }

  /** A quantity that must not be negative; upstream shows the value in canonical form, quoted. */
  public static void nonNegative(List<FieldError> errs, String field, JsonNode value) {
    Quantity q = Quantity.of(value);
    if (q != null && q.signum() < 0) {
      errs.add(FieldError.invalid(field, q.toString(), NEGATIVE));
    }
  }

  /** Each entry of a map of quantities at {@code path[name]} (upstream's key syntax) must not be negative. */
  public static void nonNegativeList(List<FieldError> errs, String path, JsonNode list) {
    for (Map.Entry<String, JsonNode> e : list.properties()) {
      nonNegative(errs, path + "[" + e.getKey() + "]", e.getValue());
    }
  }

  /** A port's protocol: required, then one of SCTP, TCP, UDP. */
  public static void protocol(List<FieldError> errs, String field, JsonNode value) {
    String p = value == null || value.isNull() ? "" : value.asString("");
    if (p.isEmpty()) {
      errs.add(FieldError.required(field, ""));
    } else if (!PROTOCOLS.contains(p)) {
      errs.add(notSupported(field, p, PROTOCOLS));
    }
  }

  public static String text(JsonNode parent, String field) {
    JsonNode v = parent.get(field);
    return v == null || v.isNull() ? "" : v.asString("");
  }
}
