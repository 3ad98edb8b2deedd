package dev.capstan.server.patch;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * How upstream's Go code sees decoded JSON: which values are of the same type, which are equal ({@code ==} on
 * interface values), and how {@code %v} prints them. Error messages clients see embed those printouts, so they
 * are reproduced here rather than Jackson's rendering.
 */
public final class GoValues {
  /**
   * The dynamic type a decoded JSON value has in Go: integers that fit int64 decode as int64, other numbers as
   * float64.
   */
  public enum Kind { MAP, SLICE, STRING, INT, FLOAT, BOOL, NIL }

  private GoValues() {}

  public static Kind kind(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return Kind.NIL;
    }
    if (v.isObject()) {
      return Kind.MAP;
    }
    if (v.isArray()) {
      return Kind.SLICE;
    }
    if (v.isIntegralNumber()) {
      return v.canConvertToLong() ? Kind.INT : Kind.FLOAT;
    }
    if (v.isNumber()) {
      return Kind.FLOAT;
    }
    if (v.isBoolean()) {
      return Kind.BOOL;
    }
    return Kind.STRING;
  }

  /** Go's {@code ==} on two scalars of a decoded document; maps and slices are compared by content. */
  static boolean same(JsonNode a, JsonNode b) {
    Kind ka = kind(a);
    if (ka != kind(b)) {
      return false;
    }
    return switch (ka) {
      case NIL -> true;
      case INT -> a.bigIntegerValue().equals(b.bigIntegerValue());
      case FLOAT -> a.doubleValue() == b.doubleValue();
      case BOOL -> a.booleanValue() == b.booleanValue();
      case STRING -> a.asString().equals(b.asString());
      case MAP, SLICE -> a.equals(b);
    };
  }

  /** The Go type name {@code reflect.TypeOf} prints for {@code v}. */
  static String typeName(JsonNode v) {
    return switch (kind(v)) {
      case MAP -> "map[string]interface {}";
      case SLICE -> "[]interface {}";
      case STRING -> "string";
      case INT -> "int64";
      case FLOAT -> "float64";
      case BOOL -> "bool";
      case NIL -> "%!s(<nil>)";
    };
  }

  /** {@code fmt.Sprintf("%v", v)}: maps as {@code map[k:v ...]} with sorted keys, slices as {@code [a b]}. */
  public static String format(JsonNode v) {
    StringBuilder out = new StringBuilder();
    append(out, v);
    return out.toString();
  }

  static String format(List<JsonNode> slice) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < slice.size(); i++) {
      if (i > 0) {
        out.append(' ');
      }
      append(out, slice.get(i));
    }
    return out.append(']').toString();
  }

  /** {@code fmt.Sprintf("%s", v)}: strings as they are, anything else flagged as Go flags a wrong verb. */
  static String formatString(JsonNode v) {
    return switch (kind(v)) {
      case STRING -> v.asString();
      case NIL -> "%!s(<nil>)";
      case MAP, SLICE -> format(v);
      default -> "%!s(" + typeName(v) + "=" + format(v) + ")";
    };
  }

  private static void append(StringBuilder out, JsonNode v) {
    switch (kind(v)) {
      case NIL -> out.append("<nil>");
      case STRING -> out.append(v.asString());
      case INT -> out.append(v.bigIntegerValue());
      case FLOAT -> out.append(formatFloat(v.doubleValue()));
      case BOOL -> out.append(v.booleanValue());
      case SLICE -> {
        List<JsonNode> items = new ArrayList<>();
        v.forEach(items::add);
        out.append(format(items));
      }
      case MAP -> {
        Map<String, JsonNode> sorted = new TreeMap<>();
        v.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
        out.append("map[");
        boolean first = true;
        for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
          if (!first) {
            out.append(' ');
          }
          first = false;
          out.append(e.getKey()).append(':');
          append(out, e.getValue());
        }
        out.append(']');
      }
    }
  }

  /** Go's {@code %v} of a float64: the shortest digits, in exponent form below 1e-4 and from 1e6 up
   *  ({@code %g} with the shortest precision). */
  public static String formatFloat(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0" : "0";
    }
    BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    String digits = exact.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - exact.scale();
    String sign = d < 0 ? "-" : "";
    if (exponent < -4 || exponent >= 6) {
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String e = String.valueOf(Math.abs(exponent));
      return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
    }
    return sign + exact.abs().toPlainString();
  }
}
