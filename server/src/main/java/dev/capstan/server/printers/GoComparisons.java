package dev.capstan.server.printers;

import dev.capstan.server.printers.JsonPathEvaluator.GoByte;
import dev.capstan.server.printers.JsonPathEvaluator.GoInt;
import dev.capstan.server.printers.JsonPathEvaluator.PathError;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The comparison operators of a JSONPath filter: Go's text/template eq/ne/lt/le/gt/ge as client-go forks them.
 * Operands must be of the same basic kind (int64 and the template's int literals are both integers, 1 and 1.0
 * are not comparable); maps, slices and nil cannot be compared at all. Those mismatches are errors, which fail
 * the whole evaluation as upstream's do.
 */
final class GoComparisons {
  private static final String BAD_TYPE = "invalid type for comparison";
  private static final String INCOMPATIBLE = "incompatible types for comparison";

  private enum Kind { BOOL, INT, UINT, FLOAT, STRING }

  private GoComparisons() {}

  /**
   * Whether {@code left op right} holds.
   *
   * @param partial what the filter had matched so far; an error carries it as upstream returns it
   */
  static boolean compare(String op, Object left, Object right, List<Object> partial) {
    try {
      return switch (op) {
        case "<" -> less(left, right);
        case ">" -> !lessEqual(left, right);
        case "==" -> equal(left, right);
        case "!=" -> !equal(left, right);
        case "<=" -> lessEqual(left, right);
        case ">=" -> !less(left, right);
        default -> throw new IllegalStateException("unrecognized filter operator " + op);
      };
    } catch (IllegalStateException e) {
      throw new PathError(e.getMessage(), List.copyOf(partial));
    }
  }

  private static Kind kind(Object v) {
    if (v instanceof GoInt) {
      return Kind.INT;
    }
    if (v instanceof GoByte) {
      return Kind.UINT;
    }
    JsonNode n = (JsonNode) v;
    if (n == null || n.isNull() || n.isMissingNode() || n.isContainer()) {
      throw new IllegalStateException(BAD_TYPE);
    }
    if (n.isBoolean()) {
      return Kind.BOOL;
    }
    if (JsonPathEvaluator.isInt64(n)) {
      return Kind.INT;
    }
    if (n.isNumber()) {
      return Kind.FLOAT;
    }
    return Kind.STRING;
  }

  private static long intValue(Object v) {
    return v instanceof GoInt i ? i.value() : ((JsonNode) v).longValue();
  }

  private static long uintValue(Object v) {
    return ((GoByte) v).value();
  }

  private static boolean equal(Object a, Object b) {
    Kind k1 = kind(a);
    Kind k2 = kind(b);
    if (k1 != k2) {
      // integers compare across signedness; any other mix is an error
      if (k1 == Kind.INT && k2 == Kind.UINT) {
        return intValue(a) >= 0 && intValue(a) == uintValue(b);
      }
      if (k1 == Kind.UINT && k2 == Kind.INT) {
        return intValue(b) >= 0 && uintValue(a) == intValue(b);
      }
      throw new IllegalStateException(INCOMPATIBLE);
    }
    return switch (k1) {
      case BOOL -> ((JsonNode) a).booleanValue() == ((JsonNode) b).booleanValue();
      case FLOAT -> ((JsonNode) a).doubleValue() == ((JsonNode) b).doubleValue();
      case INT -> intValue(a) == intValue(b);
      case UINT -> uintValue(a) == uintValue(b);
      case STRING -> ((JsonNode) a).asString().equals(((JsonNode) b).asString());
    };
  }

  private static boolean less(Object a, Object b) {
    Kind k1 = kind(a);
    Kind k2 = kind(b);
    if (k1 != k2) {
      if (k1 == Kind.INT && k2 == Kind.UINT) {
        return intValue(a) < 0 || intValue(a) < uintValue(b);
      }
      if (k1 == Kind.UINT && k2 == Kind.INT) {
        return intValue(b) >= 0 && uintValue(a) < intValue(b);
      }
      throw new IllegalStateException(INCOMPATIBLE);
    }
    return switch (k1) {
      case BOOL -> throw new IllegalStateException(BAD_TYPE);
      case FLOAT -> ((JsonNode) a).doubleValue() < ((JsonNode) b).doubleValue();
      case INT -> intValue(a) < intValue(b);
      case UINT -> uintValue(a) < uintValue(b);
      case STRING -> GoJson.compareCodePoints(((JsonNode) a).asString(), ((JsonNode) b).asString()) < 0;
    };
  }

  private static boolean lessEqual(Object a, Object b) {
    return less(a, b) || equal(a, b);
  }
}
