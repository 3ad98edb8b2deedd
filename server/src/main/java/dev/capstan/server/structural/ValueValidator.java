package dev.capstan.server.structural;

import dev.capstan.server.patch.GoValues;
import dev.capstan.api.FieldError;
import dev.capstan.server.registry.shared.Rules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI value validation upstream runs on a custom resource (kube-openapi's schema validator, with
 * apiextensions turning its results into field errors): per position the type first, then allOf/anyOf/oneOf/not,
 * string limits, format, number limits, items and list limits, enum, object limits, properties, required.
 *
 * <p>On update upstream ratchets: a position whose value equals the old object's value at the correlated
 * position (same field, same map key, same key of a map list; never across the root's apiVersion, kind and
 * metadata, nor atomic and set lists) reports no errors, so unchanged invalid data does not block an update.
 *
 * <p>Names in messages are kube-openapi's: {@code spec.replicas}, {@code spec.list[0]}, map keys appended with a
 * dot, an empty name at the root. Where upstream walks a Go map (properties, map keys) the order here is the
 * schema's order for properties and the document's order for keys; upstream's order there is not stable.
 */
final class ValueValidator {
  private static final String IN = " in body";

  private final List<FieldError> out;

  private ValueValidator(List<FieldError> out) {
    this.out = out;
  }

  /** The errors of {@code value} at kube-openapi name {@code name} ("" for the root). */
  static List<FieldError> validate(Node schema, JsonNode value, String name) {
    return validate(schema, value, name, null);
  }

  /**
   * The errors of {@code value} as an update of {@code old}, which ratchets unchanged positions; {@code old} null
   * is a create.
   */
  static List<FieldError> validate(Node schema, JsonNode value, String name, JsonNode old) {
    List<FieldError> errs = new ArrayList<>();
    new ValueValidator(errs).check(schema, value, name, old);
    return errs;
  }

  /** @param old the correlated old value, or null when there is none */
  private void check(Node s, JsonNode v, String name, JsonNode old) {
    if (old != null && unchanged(s, v, old)) {
      return;
    }
    GoValues.Kind kind = GoValues.kind(v);
    if (kind == GoValues.Kind.NIL) {
      // A null is only checked for its type and against an enum, which it never matches.
      if (!s.types.isEmpty() && !s.nullable) {
        typeInvalid(name, String.join(",", s.types), "null");
      }
      checkEnum(s, v, name);
      return;
    }
    checkType(s, v, kind, name);
    checkComposition(s, v, name, old);
    if (kind == GoValues.Kind.STRING) {
      checkString(s, v.asString(), name);
      if (s.format != null && !Formats.valid(s.format, v.asString())) {
        typeInvalid(name, s.format, v.asString());
      }
    }
    if (kind == GoValues.Kind.INT || kind == GoValues.Kind.FLOAT) {
      checkNumber(s, v, kind, name);
    }
    if (kind == GoValues.Kind.SLICE) {
      checkList(s, v, name, old);
    }
    checkEnum(s, v, name);
    if (kind == GoValues.Kind.MAP) {
      checkObject(s, v, name, old);
    }
  }

  /** kube-openapi's type check, including its quirks for a value of the wrong kind under a format. */
  private void checkType(Node s, JsonNode v, GoValues.Kind kind, String name) {
    if (s.types.isEmpty() && s.format == null) {
      return;
    }
    String schType = GoText.schemaType(v);
    String dataFormat = GoText.dataFormat(v);
    boolean numeric = s.types.contains("number") || s.types.contains("integer");
    boolean floatInt = kind == GoValues.Kind.FLOAT && GoText.isJsonInteger(v.doubleValue())
        && s.types.contains("integer");
    boolean intFloat = kind == GoValues.Kind.INT && s.types.contains("number");
    boolean stringy = kind == GoValues.Kind.STRING || kind == GoValues.Kind.SLICE;
    if (!stringy && s.format != null
        && !(s.types.contains(schType) || dataFormat.equals(s.format) || floatInt || intFloat)) {
      typeInvalid(name, s.format, dataFormat);
      return;
    }
    if (!numeric && s.format != null && stringy) {
      return;
    }
    if (!(s.types.contains(schType) || floatInt || intFloat)) {
      typeInvalid(name, String.join(",", s.types), schType);
    }
  }

  private void checkComposition(Node s, JsonNode v, String name, JsonNode old) {
    if (!s.anyOf.isEmpty()) {
      List<FieldError> firstFailure = null;
      boolean matched = false;
      for (Node branch : s.anyOf) {
        List<FieldError> errs = validate(branch, v, name, old);
        if (errs.isEmpty()) {
          matched = true;
          break;
        }
        if (firstFailure == null) {
          firstFailure = errs;
        }
      }
      if (!matched) {
        composite(FieldError.goQuote(name) + " must validate at least one schema (anyOf)");
        out.addAll(firstFailure);
      }
    }
    if (!s.oneOf.isEmpty()) {
      List<FieldError> firstFailure = null;
      int valid = 0;
      for (Node branch : s.oneOf) {
        List<FieldError> errs = validate(branch, v, name, old);
        if (errs.isEmpty()) {
          valid++;
        } else if (valid == 0 && firstFailure == null) {
          firstFailure = errs;
        }
      }
      if (valid != 1) {
        composite(FieldError.goQuote(name) + " must validate one and only one schema (oneOf). "
            + (valid == 0 ? "Found none valid" : "Found " + valid + " valid alternatives"));
        if (valid == 0) {
          out.addAll(firstFailure);
        }
      }
    }
    if (!s.allOf.isEmpty()) {
      int valid = 0;
      for (Node branch : s.allOf) {
        List<FieldError> errs = validate(branch, v, name, old);
        if (errs.isEmpty()) {
          valid++;
        }
        out.addAll(errs);
      }
      if (valid != s.allOf.size()) {
        composite(FieldError.goQuote(name) + " must validate all the schemas (allOf)"
            + (valid == 0 ? ". None validated" : ""));
      }
    }
    if (s.not != null && validate(s.not, v, name, old).isEmpty()) {
      composite(FieldError.goQuote(name) + " must not validate the schema (not)");
    }
  }

  /** Length and pattern; upstream stops at the first that fails. */
  private void checkString(Node s, String v, String name) {
    long length = v.codePointCount(0, v.length());
    if (s.maxLength != null && length > s.maxLength) {
      long max = s.maxLength;
      out.add(new FieldError(FieldError.Type.TOO_LONG, field(name), v,
          "may not be more than " + max + (max == 1 ? " byte" : " bytes")));
      return;
    }
    if (s.minLength != null && length < s.minLength) {
      out.add(FieldError.invalid(field(name), v, name + IN + " should be at least " + s.minLength + " chars long"));
      return;
    }
    if (s.pattern != null) {
      if (s.compiledPattern == null) {
        out.add(FieldError.invalid(field(name), v, name + IN + " should match '" + s.pattern
            + ", but pattern is invalid: " + s.patternError + "'"));
      } else if (!s.compiledPattern.matcher(v).find()) {
        out.add(FieldError.invalid(field(name), v, name + IN + " should match '" + s.pattern + "'"));
      }
    }
  }

  /**
   * multipleOf, minimum, maximum in that order. An integer is compared with the bound cut to an integer, as
   * upstream converts the bound to the value's Go type; a float with the bound as it is.
   */
  private void checkNumber(Node s, JsonNode v, GoValues.Kind kind, String name) {
    Object shown = GoText.badValue(v);
    boolean integer = kind == GoValues.Kind.INT;
    if (s.multipleOf != null) {
      double factor = s.multipleOf;
      long intFactor = (long) factor;
      if (factor < 0) {
        out.add(FieldError.invalid(field(name), new Rules.GoLiteral(GoText.number(factor)),
            "factor MultipleOf declared for " + name + " must be positive: " + GoText.number(factor)));
      } else if (integer && intFactor > 0) {
        if (v.longValue() % intFactor != 0) {
          out.add(FieldError.invalid(field(name), shown, name + IN + " should be a multiple of " + intFactor));
        }
      } else {
        double d = v.doubleValue();
        double mult = factor < 1 ? 1 / factor * d : d / factor;
        if (!GoText.isJsonInteger(mult)) {
          out.add(FieldError.invalid(field(name), shown,
              name + IN + " should be a multiple of " + GoText.number(factor)));
        }
      }
    }
    if (s.minimum != null) {
      boolean low = integer
          ? (s.exclusiveMinimum ? v.longValue() <= (long) (double) s.minimum : v.longValue() < (long) (double) s.minimum)
          : (s.exclusiveMinimum ? v.doubleValue() <= s.minimum : v.doubleValue() < s.minimum);
      if (low) {
        out.add(FieldError.invalid(field(name), shown, name + IN + " should be greater than "
            + (s.exclusiveMinimum ? "" : "or equal to ") + bound(s.minimum, integer)));
      }
    }
    if (s.maximum != null) {
      boolean high = integer
          ? (s.exclusiveMaximum ? v.longValue() >= (long) (double) s.maximum : v.longValue() > (long) (double) s.maximum)
          : (s.exclusiveMaximum ? v.doubleValue() >= s.maximum : v.doubleValue() > s.maximum);
      if (high) {
        out.add(FieldError.invalid(field(name), shown, name + IN + " should be less than "
            + (s.exclusiveMaximum ? "" : "or equal to ") + bound(s.maximum, integer)));
      }
    }
  }

  private static String bound(double b, boolean integer) {
    return integer ? String.valueOf((long) b) : GoText.number(b);
  }

  private void checkList(Node s, JsonNode v, String name, JsonNode old) {
    if (s.items != null) {
      for (int i = 0; i < v.size(); i++) {
        check(s.items, v.get(i), name + "[" + i + "]", correlatedItem(s, v.get(i), old));
      }
    }
    long size = v.size();
    if (s.minItems != null && size < s.minItems) {
      out.add(FieldError.invalid(field(name), size, name + IN + " should have at least " + s.minItems + " items"));
    }
    if (s.maxItems != null && size > s.maxItems) {
      out.add(tooMany(name, size, s.maxItems));
    }
    if (s.uniqueItems && hasDuplicates(v)) {
      out.add(FieldError.invalid(field(name), "", name + IN + " shouldn't contain duplicates"));
    }
  }

  /**
   * Upstream's "unchanged" for ratcheting: map lists compare item by key (so a reordering is no change), objects
   * field by field where the schema knows the field (an undeclared one is a change), anything else as a whole.
   */
  private static boolean unchanged(Node s, JsonNode v, JsonNode old) {
    if (v.isArray() && old.isArray()) {
      if (v.size() != old.size()) {
        return false;
      }
      if (!"map".equals(s.listType) || s.items == null) {
        return Values.deepEqual(v, old);
      }
      for (JsonNode item : v) {
        JsonNode before = correlatedItem(s, item, old);
        if (before == null || !unchanged(s.items, item, before)) {
          return false;
        }
      }
      return true;
    }
    if (v.isObject() && old.isObject()) {
      if (v.size() != old.size()) {
        return false;
      }
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        Node field = s.child(e.getKey());
        JsonNode before = old.get(e.getKey());
        if (field == null || before == null || !unchanged(field, e.getValue(), before)) {
          return false;
        }
      }
      return true;
    }
    return Values.deepEqual(v, old);
  }

  /** The old value of field {@code k}; the root's type and metadata fields are never ratcheted. */
  private static JsonNode correlatedField(JsonNode old, String k, String name) {
    if (old == null || !old.isObject()
        || (name.isEmpty() && (k.equals("apiVersion") || k.equals("kind") || k.equals("metadata")))) {
      return null;
    }
    return old.get(k);
  }

  /** The old item with the same key fields, for map lists only. */
  private static JsonNode correlatedItem(Node s, JsonNode item, JsonNode old) {
    if (old == null || !old.isArray() || !"map".equals(s.listType) || !item.isObject()) {
      return null;
    }
    for (JsonNode candidate : old) {
      if (candidate.isObject() && sameKeys(s.listMapKeys, item, candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static boolean sameKeys(List<String> keys, JsonNode a, JsonNode b) {
    for (String k : keys) {
      JsonNode x = a.get(k);
      JsonNode y = b.get(k);
      if ((x == null) != (y == null) || (x != null && !Values.deepEqual(x, y))) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasDuplicates(JsonNode list) {
    for (int i = 0; i < list.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (Values.deepEqual(list.get(i), list.get(j))) {
          return true;
        }
      }
    }
    return false;
  }

  private void checkEnum(Node s, JsonNode v, String name) {
    if (s.enumValues == null || s.enumValues.isEmpty()) {
      return;
    }
    if (GoValues.kind(v) != GoValues.Kind.NIL) {
      for (JsonNode allowed : s.enumValues) {
        if (Values.enumMatches(v, allowed)) {
          return;
        }
      }
    }
    List<String> supported = new ArrayList<>();
    for (JsonNode allowed : s.enumValues) {
      supported.add(allowed.isString() ? allowed.asString() : GoText.json(allowed));
    }
    out.add(new FieldError(FieldError.Type.NOT_SUPPORTED, field(name), GoText.badValue(v),
        Rules.supported(supported)));
  }

  private void checkObject(Node s, JsonNode v, String name, JsonNode old) {
    long keys = v.size();
    if (s.minProperties != null && keys < s.minProperties) {
      out.add(FieldError.invalid(field(name), keys,
          name + IN + " should have at least " + s.minProperties + " properties"));
    }
    if (s.maxProperties != null && keys > s.maxProperties) {
      out.add(tooMany(name, keys, s.maxProperties));
    }
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      if (s.properties.containsKey(e.getKey())) {
        continue;
      }
      if (s.additionalPropertiesForbidden) {
        out.add(FieldError.invalid(field(name), e.getKey(),
            name + "." + e.getKey() + IN + " is a forbidden property"));
      } else if (s.additionalProperties != null) {
        check(s.additionalProperties, e.getValue(), name + "." + e.getKey(),
            correlatedField(old, e.getKey(), name));
      }
    }
    for (Map.Entry<String, Node> p : s.properties.entrySet()) {
      JsonNode value = v.get(p.getKey());
      if (value != null) {
        check(p.getValue(), value, name.isEmpty() ? p.getKey() : name + "." + p.getKey(),
            correlatedField(old, p.getKey(), name));
      }
    }
    for (String k : s.required) {
      if (!v.has(k)) {
        out.add(FieldError.required(field(name + "." + k), ""));
      }
    }
  }

  /** Upstream words a count limit as items, for lists and objects alike. */
  private static FieldError tooMany(String name, long actual, long max) {
    return new FieldError(FieldError.Type.TOO_MANY, field(name), actual,
        "must have at most " + max + (max == 1 ? " item" : " items"));
  }

  private void typeInvalid(String name, String type, String shown) {
    out.add(new FieldError(FieldError.Type.TYPE_INVALID, field(name), shown,
        name + IN + " must be of type " + type + ": " + FieldError.goQuote(shown)));
  }

  /** allOf/anyOf/oneOf/not failures, which upstream reports on no field with an empty value. */
  private void composite(String message) {
    out.add(FieldError.invalid("", "", message));
  }

  /** The field path of a kube-openapi name: the name without a leading dot. */
  private static String field(String name) {
    return name.startsWith(".") ? name.substring(1) : name;
  }
}
