package dev.capstan.server.structural;

import dev.capstan.api.FieldError;
import dev.capstan.server.patch.GoValues;
import dev.capstan.server.registry.shared.Rules;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * How upstream sees and prints a decoded custom resource value: the Go type a JSON value decodes to (integers that
 * fit int64 are int64, other numbers float64) and the three printers its messages use ({@code %v}, {@code %#v},
 * {@code json.Marshal}).
 */
final class GoText {
  private GoText() {}

  /** The JSON type name kube-openapi infers for a value ({@code integer}, {@code object}, ...). */
  static String schemaType(JsonNode v) {
    return switch (GoValues.kind(v)) {
      case MAP -> "object";
      case SLICE -> "array";
      case STRING -> "string";
      case INT -> "integer";
      case FLOAT -> "number";
      case BOOL -> "boolean";
      case NIL -> "null";
    };
  }

  /** The format kube-openapi infers for a value: {@code int64} for integers, {@code float64} for numbers, else "". */
  static String dataFormat(JsonNode v) {
    return switch (GoValues.kind(v)) {
      case INT -> "int64";
      case FLOAT -> "float64";
      default -> "";
    };
  }

  /** The value as a {@link FieldError} shows it, printed as upstream's field errors print a Go value. */
  static Object badValue(JsonNode v) {
    return switch (GoValues.kind(v)) {
      case NIL -> null;
      case STRING -> v.asString();
      case INT -> v.longValue();
      case BOOL -> v.booleanValue();
      case FLOAT -> new Rules.GoLiteral(GoValues.formatFloat(v.doubleValue()));
      case MAP, SLICE -> new Rules.GoLiteral(goSyntax(v));
    };
  }

  /** A float64 as {@code %v} prints it. */
  static String number(double d) {
    return GoValues.formatFloat(d);
  }

  /** Go's {@code %#v} of a decoded value, e.g. {@code map[string]interface {}{"name":"a"}}. */
  static String goSyntax(JsonNode v) {
    StringBuilder out = new StringBuilder();
    appendGoSyntax(out, v, true);
    return out.toString();
  }

  private static void appendGoSyntax(StringBuilder out, JsonNode v, boolean top) {
    switch (GoValues.kind(v)) {
      case NIL -> out.append(top ? "<nil>" : "interface {}(nil)");
      case STRING -> out.append(FieldError.goQuote(v.asString()));
      case INT -> out.append(v.longValue());
      case FLOAT -> out.append(GoValues.formatFloat(v.doubleValue()));
      case BOOL -> out.append(v.booleanValue());
      case SLICE -> {
        out.append("[]interface {}{");
        for (int i = 0; i < v.size(); i++) {
          out.append(i == 0 ? "" : ", ");
          appendGoSyntax(out, v.get(i), false);
        }
        out.append('}');
      }
      case MAP -> {
        out.append("map[string]interface {}{");
        boolean first = true;
        for (Map.Entry<String, JsonNode> e : sorted(v).entrySet()) {
          out.append(first ? "" : ", ").append(FieldError.goQuote(e.getKey())).append(':');
          appendGoSyntax(out, e.getValue(), false);
          first = false;
        }
        out.append('}');
      }
    }
  }

  /** Go's {@code json.Marshal} of a decoded value: keys sorted, floats in the shortest form. */
  static String json(JsonNode v) {
    StringBuilder out = new StringBuilder();
    appendJson(out, v);
    return out.toString();
  }

  private static void appendJson(StringBuilder out, JsonNode v) {
    switch (GoValues.kind(v)) {
      case NIL -> out.append("null");
      case STRING -> out.append(tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(v.asString()));
      case INT -> out.append(v.longValue());
      case FLOAT -> out.append(jsonFloat(v.doubleValue()));
      case BOOL -> out.append(v.booleanValue());
      case SLICE -> {
        out.append('[');
        for (int i = 0; i < v.size(); i++) {
          out.append(i == 0 ? "" : ",");
          appendJson(out, v.get(i));
        }
        out.append(']');
      }
      case MAP -> {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonNode> e : sorted(v).entrySet()) {
          out.append(first ? "" : ",")
              .append(tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(e.getKey())).append(':');
          appendJson(out, e.getValue());
          first = false;
        }
        out.append('}');
      }
    }
  }

  /** encoding/json's float: plain digits between 1e-6 and 1e21, exponent form outside. */
  private static String jsonFloat(double d) {
    double abs = Math.abs(d);
    if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
      String e = GoValues.formatFloat(d);
      // Go's JSON writer trims the exponent to one digit where %g pads it to two.
      return e.replace("e-0", "e-").replace("e+0", "e+");
    }
    return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
  }

  private static Map<String, JsonNode> sorted(JsonNode object) {
    Map<String, JsonNode> m = new TreeMap<>();
    object.properties().forEach(e -> m.put(e.getKey(), e.getValue()));
    return m;
  }

  /**
   * go-openapi's test for "this float holds an integer": exact, or within a relative 1e-9 of the nearest one,
   * and inside the range JSON integers are exact in.
   */
  static boolean isJsonInteger(double f) {
    if (Double.isNaN(f) || Double.isInfinite(f) || Math.abs(f) > 9007199254740991d) {
      return false;
    }
    double g = Math.rint(f);
    if (f == g) {
      return true;
    }
    double diff = Math.abs(f - g);
    return diff / (Math.abs(f) + Math.abs(g)) < 1e-9;
  }
}
