package dev.capstan.server.cel;

import com.google.protobuf.NullValue;
import dev.cel.common.values.CelByteString;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * JSON values as the CEL runtime sees them, shaped by their {@link DeclType}: integers are Longs (CEL has no
 * 32-bit ints), object properties are keyed by their escaped names and only declared properties are visible,
 * formatted strings become timestamps, durations and bytes. A value that does not parse as its format stays a
 * string, as structural validation rejects it anyway. Timestamps and durations are java.time values, the
 * runtime's native representation under {@code CelOptions.current()}.
 */
final class CelValues {
  private CelValues() {
  }

  static Object of(JsonNode v, DeclType t) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return NullValue.NULL_VALUE;
    }
    if (t == null) {
      return dynamic(v);
    }
    switch (t.kind) {
      case OBJECT -> {
        if (!v.isObject()) {
          return dynamic(v);
        }
        Map<String, Object> out = new HashMap<>(t.fields.size() * 2);
        for (Map.Entry<String, DeclType.Field> f : t.fields.entrySet()) {
          JsonNode child = v.get(f.getValue().jsonName());
          if (child != null) {
            out.put(f.getKey(), of(child, f.getValue().type()));
          }
        }
        return out;
      }
      case MAP -> {
        if (!v.isObject()) {
          return dynamic(v);
        }
        Map<String, Object> out = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
          out.put(e.getKey(), of(e.getValue(), t.elem));
        }
        return out;
      }
      case LIST -> {
        if (!v.isArray()) {
          return dynamic(v);
        }
        List<Object> out = new ArrayList<>(v.size());
        for (JsonNode item : v) {
          out.add(of(item, t.elem));
        }
        return out;
      }
      case INT -> {
        return v.isNumber() ? (Object) v.asLong() : dynamic(v);
      }
      case DOUBLE -> {
        return v.isNumber() ? (Object) v.asDouble() : dynamic(v);
      }
      case BYTES -> {
        try {
          return CelByteString.of(Base64.getDecoder().decode(v.asString()));
        } catch (IllegalArgumentException e) {
          return dynamic(v);
        }
      }
      case TIMESTAMP -> {
        Instant at = instant(v.asString());
        return at == null ? dynamic(v) : at;
      }
      case DURATION -> {
        java.time.Duration d = GoDurations.parse(v.asString());
        return d == null ? dynamic(v) : d;
      }
      default -> {
        return dynamic(v);
      }
    }
  }

  /** A value with no schema (int-or-string, or anything that does not match its schema). */
  static Object dynamic(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return NullValue.NULL_VALUE;
    }
    if (v.isString()) {
      return v.asString();
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isIntegralNumber()) {
      return v.asLong();
    }
    if (v.isNumber()) {
      return v.asDouble();
    }
    if (v.isArray()) {
      List<Object> out = new ArrayList<>(v.size());
      v.forEach(item -> out.add(dynamic(item)));
      return out;
    }
    Map<String, Object> out = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      out.put(e.getKey(), dynamic(e.getValue()));
    }
    return out;
  }

  private static Instant instant(String s) {
    try {
      return Instant.parse(s);
    } catch (RuntimeException e) {
      try {
        return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (RuntimeException e2) {
        return null;
      }
    }
  }
}
