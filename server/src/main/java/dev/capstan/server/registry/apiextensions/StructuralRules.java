package dev.capstan.server.registry.apiextensions;

import dev.capstan.server.validation.FieldPaths;
import dev.capstan.api.FieldError;
import dev.capstan.server.registry.shared.Rules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/**
 * Upstream's structural schema rules, on the schema's JSON. A structural schema states every field's type outside
 * of allOf/anyOf/oneOf/not (the "value validations"), which may only narrow values; metadata may only restrict name
 * and generateName; and every default survives pruning. Pruning, defaulting and CEL all depend on these.
 */
final class StructuralRules {
  /** Keywords that are structure, not value validation: forbidden under allOf/anyOf/oneOf/not. */
  private static final List<String[]> NESTED_FORBIDDEN = List.of(
      new String[] {"description", "must be empty to be structural"},
      new String[] {"title", "must be empty to be structural"},
      new String[] {"default", "must be undefined to be structural"},
      new String[] {"x-kubernetes-list-type", "must be undefined to be structural"},
      new String[] {"x-kubernetes-map-type", "must be undefined to be structural"});
  private static final List<String> JUNCTORS = List.of("allOf", "anyOf", "oneOf");
  /** Keywords that belong to the structure or the value validation of a structural schema node. */
  private static final Set<String> STRUCTURAL_KEYS = Set.of("type", "properties", "items", "additionalProperties",
      "description", "title", "default", "nullable", "format", "maximum", "exclusiveMaximum", "minimum",
      "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "multipleOf",
      "enum", "maxProperties", "minProperties", "required", "allOf", "oneOf", "anyOf", "not",
      "x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource", "x-kubernetes-int-or-string",
      "x-kubernetes-list-map-keys", "x-kubernetes-list-type", "x-kubernetes-map-type", "x-kubernetes-validations");

  private enum Level { ROOT, ITEM, FIELD }

  private StructuralRules() {}

  /**
   * Why the schema cannot be turned into a structural one at all (upstream's NewStructural error), or null. These
   * are only reported when nothing else is wrong, since the OpenAPI checks word the same problems better.
   */
  static String unsupported(JsonNode s) {
    if (s == null || !s.isObject()) {
      return null;
    }
    String[][] keywords = {{"id", "id"}, {"$schema", "schema"}, {"$ref", "$ref"}};
    for (String[] k : keywords) {
      if (!s.path(k[0]).asString("").isEmpty()) {
        return "OpenAPIV3Schema '" + k[1] + "' is not supported";
      }
    }
    if (!s.path("patternProperties").isEmpty()) {
      return "OpenAPIV3Schema 'patternProperties' is not supported";
    }
    if (!s.path("dependencies").isEmpty()) {
      return "OpenAPIV3Schema 'dependencies' is not supported";
    }
    if (s.has("additionalItems") && !s.get("additionalItems").isNull()) {
      return "OpenAPIV3Schema 'additionalItems' is not supported";
    }
    if (!s.path("definitions").isEmpty()) {
      return "OpenAPIV3Schema 'definitions' is not supported";
    }
    JsonNode preserve = s.get("x-kubernetes-preserve-unknown-fields");
    if (preserve != null && preserve.isBoolean() && !preserve.asBoolean()) {
      return "internal error: 'x-kubernetes-preserve-unknown-fields' must be true or undefined";
    }
    JsonNode items = s.get("items");
    if (items != null && items.isArray() && !items.isEmpty()) {
      return "OpenAPIV3Schema 'items' must be a schema, but is an array";
    }
    List<JsonNode> children = new ArrayList<>();
    children.add(items);
    children.add(s.get("not"));
    children.add(s.get("additionalProperties"));
    s.path("properties").forEach(children::add);
    JUNCTORS.forEach(j -> s.path(j).forEach(children::add));
    for (JsonNode c : children) {
      String why = unsupported(c);
      if (why != null) {
        return why;
      }
    }
    return null;
  }

  /** ValidateStructural: the invariants, then completeness; sorted by message as upstream sorts them. */
  static List<FieldError> validate(JsonNode root, String path) {
    List<FieldError> errs = new ArrayList<>();
    invariants(root, Level.ROOT, path, errs);
    completeness(root, path, errs);
    errs.sort(Comparator.comparing(FieldError::message));
    return errs;
  }

  private static void invariants(JsonNode s, Level lvl, String path, List<FieldError> errs) {
    if (s == null || !s.isObject()) {
      return;
    }
    String type = s.path("type").asString("");
    JsonNode items = s.get("items");
    if (type.equals("array") && (items == null || items.isNull())) {
      errs.add(FieldError.required(FieldPaths.child(path, "items"), "must be specified"));
    }
    invariants(items, Level.ITEM, FieldPaths.child(path, "items"), errs);
    for (Map.Entry<String, JsonNode> p : s.path("properties").properties()) {
      invariants(p.getValue(), Level.FIELD, FieldPaths.key(FieldPaths.child(path, "properties"), p.getKey()), errs);
    }
    JsonNode additional = s.get("additionalProperties");
    boolean hasAdditional = additional != null && !additional.isNull();
    if (hasAdditional) {
      if (lvl == Level.ROOT) {
        errs.add(FieldError.forbidden(FieldPaths.child(path, "additionalProperties"), "must not be used at the root"));
      }
      invariants(additional, Level.FIELD, FieldPaths.child(path, "additionalProperties"), errs);
    }
    boolean intOrString = s.path("x-kubernetes-int-or-string").asBoolean(false);
    boolean preserve = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    boolean embedded = s.path("x-kubernetes-embedded-resource").asBoolean(false);
    if (intOrString && preserve) {
      errs.add(FieldError.invalid(FieldPaths.child(path, "x-kubernetes-preserve-unknown-fields"), true,
          "must be false if x-kubernetes-int-or-string is true"));
    }
    if (intOrString && embedded) {
      errs.add(FieldError.invalid(FieldPaths.child(path, "x-kubernetes-embedded-resource"), true,
          "must be false if x-kubernetes-int-or-string is true"));
    }
    valueValidation(s, intOrStringPattern(s.path("anyOf")), !s.path("allOf").isEmpty()
        && intOrStringPattern(s.path("allOf").get(0).path("anyOf")), lvl, path, errs);
    if (embedded && !type.equals("object")) {
      String detail = "must be object if x-kubernetes-embedded-resource is true";
      errs.add(type.isEmpty() ? FieldError.required(FieldPaths.child(path, "type"), detail)
          : FieldError.invalid(FieldPaths.child(path, "type"), type, detail));
    } else if (type.isEmpty() && !intOrString && !preserve) {
      errs.add(FieldError.required(FieldPaths.child(path, "type"), switch (lvl) {
        case ROOT -> "must not be empty at the root";
        case ITEM -> "must not be empty for specified array items";
        case FIELD -> "must not be empty for specified object fields";
      }));
    }
    if (embedded && hasAdditional) {
      errs.add(FieldError.forbidden(FieldPaths.child(path, "additionalProperties"),
          "must not be used if x-kubernetes-embedded-resource is set"));
    }
    if (lvl == Level.ROOT && !type.isEmpty() && !type.equals("object")) {
      errs.add(FieldError.invalid(FieldPaths.child(path, "type"), type, "must be object at the root"));
    }
    boolean checkMeta = lvl == Level.ROOT || embedded;
    String props = FieldPaths.child(path, "properties");
    for (String name : new String[] {"kind", "apiVersion"}) {
      JsonNode p = s.path("properties").get(name);
      if (p != null && checkMeta && !p.path("type").asString("").equals("string")) {
        errs.add(FieldError.invalid(FieldPaths.child(FieldPaths.key(props, name), "type"), p.path("type").asString(""),
            "must be string"));
      }
    }
    JsonNode metadata = s.path("properties").get("metadata");
    if (metadata != null) {
      String metaPath = FieldPaths.key(props, "metadata");
      if (checkMeta && !metadata.path("type").asString("").equals("object")) {
        errs.add(FieldError.invalid(FieldPaths.child(metaPath, "type"), metadata.path("type").asString(""),
            "must be object"));
      }
      if (lvl == Level.ROOT && restrictsMoreThanNames(metadata)) {
        errs.add(FieldError.forbidden(metaPath, "must not specify anything other than name and generateName, but "
            + "metadata is implicitly specified"));
      }
    }
    if (embedded && !preserve && s.path("properties").isEmpty()) {
      errs.add(FieldError.required(FieldPaths.child(path, "properties"), "must not be empty if "
          + "x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields"));
    }
  }

  /** Root metadata may state its type, a default (checked elsewhere) and the name/generateName fields, no more. */
  private static boolean restrictsMoreThanNames(JsonNode metadata) {
    for (Map.Entry<String, JsonNode> e : metadata.properties()) {
      String k = e.getKey();
      JsonNode v = e.getValue();
      if (k.equals("type") || k.equals("default") || !STRUCTURAL_KEYS.contains(k) || isUnset(v)) {
        continue;
      }
      if (k.equals("properties")) {
        Set<String> names = new java.util.HashSet<>();
        v.propertyNames().forEach(names::add);
        if (names.isEmpty() || Set.of("name", "generateName").containsAll(names)) {
          continue;
        }
      }
      return true;
    }
    return false;
  }

  private static boolean isUnset(JsonNode v) {
    return v.isNull() || (v.isBoolean() && !v.asBoolean()) || (v.isString() && v.asString().isEmpty());
  }

  /** anyOf: [{type: integer}, {type: string}] exactly, the int-or-string shape that is allowed to carry types. */
  private static boolean intOrStringPattern(JsonNode anyOf) {
    return anyOf.size() == 2 && onlyType(anyOf.get(0), "integer") && onlyType(anyOf.get(1), "string");
  }

  private static boolean onlyType(JsonNode n, String type) {
    return n.isObject() && n.size() == 1 && n.path("type").asString("").equals(type);
  }

  private static void valueValidation(JsonNode v, boolean skipAnyOf, boolean skipFirstAllOfAnyOf, Level lvl,
      String path, List<FieldError> errs) {
    if (!skipAnyOf) {
      JsonNode anyOf = v.path("anyOf");
      for (int i = 0; i < anyOf.size(); i++) {
        nested(anyOf.get(i), false, lvl, FieldPaths.index(FieldPaths.child(path, "anyOf"), i), errs);
      }
    }
    JsonNode allOf = v.path("allOf");
    for (int i = 0; i < allOf.size(); i++) {
      nested(allOf.get(i), skipFirstAllOfAnyOf && i == 0, lvl, FieldPaths.index(FieldPaths.child(path, "allOf"), i), errs);
    }
    JsonNode oneOf = v.path("oneOf");
    for (int i = 0; i < oneOf.size(); i++) {
      nested(oneOf.get(i), false, lvl, FieldPaths.index(FieldPaths.child(path, "oneOf"), i), errs);
    }
    JsonNode not = v.get("not");
    if (not != null && not.isObject()) {
      nested(not, false, lvl, FieldPaths.child(path, "not"), errs);
    }
    String pattern = v.path("pattern").asString("");
    if (!pattern.isEmpty()) {
      String why = regexError(pattern);
      if (why != null) {
        errs.add(FieldError.invalid(FieldPaths.child(path, "pattern"), pattern,
            "must be a valid regular expression, but isn't: " + why));
      }
    }
  }

  /** A schema under a junctor: only value validations, no types, no defaults, no extensions, no metadata. */
  private static void nested(JsonNode v, boolean skipAnyOf, Level lvl, String path, List<FieldError> errs) {
    if (v == null || !v.isObject()) {
      return;
    }
    valueValidation(v, skipAnyOf, false, lvl, path, errs);
    JsonNode items = v.get("items");
    if (items != null && items.isObject()) {
      nested(items, false, lvl, FieldPaths.child(path, "items"), errs);
    }
    for (Map.Entry<String, JsonNode> p : v.path("properties").properties()) {
      nested(p.getValue(), false, Level.FIELD, FieldPaths.key(FieldPaths.child(path, "properties"), p.getKey()), errs);
    }
    if (!v.path("type").asString("").isEmpty()) {
      errs.add(FieldError.forbidden(FieldPaths.child(path, "type"), "must be empty to be structural"));
    }
    JsonNode additional = v.get("additionalProperties");
    if (additional != null && (additional.isObject() || additional.asBoolean(false))) {
      errs.add(FieldError.forbidden(FieldPaths.child(path, "additionalProperties"), "must be undefined to be structural"));
    }
    for (String[] f : NESTED_FORBIDDEN) {
      JsonNode value = v.get(f[0]);
      if (value != null && !value.isNull() && !(value.isString() && value.asString().isEmpty())) {
        errs.add(FieldError.forbidden(FieldPaths.child(path, f[0]), f[1]));
      }
    }
    if (v.path("nullable").asBoolean(false)) {
      errs.add(FieldError.forbidden(FieldPaths.child(path, "nullable"), "must be false to be structural"));
    }
    for (String ext : new String[] {"x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource",
        "x-kubernetes-int-or-string"}) {
      if (v.path(ext).asBoolean(false)) {
        errs.add(FieldError.forbidden(FieldPaths.child(path, ext), "must be false to be structural"));
      }
    }
    for (String ext : new String[] {"x-kubernetes-list-map-keys", "x-kubernetes-validations"}) {
      if (!v.path(ext).isEmpty()) {
        errs.add(FieldError.forbidden(FieldPaths.child(path, ext), "must be empty to be structural"));
      }
    }
    if (v.path("properties").has("metadata")) {
      errs.add(FieldError.forbidden(FieldPaths.key(FieldPaths.child(path, "properties"), "metadata"),
          "must not be specified in a nested context"));
    }
  }

  /**
   * Every field or item a value validation at the root names must exist in the structure too. Upstream checks the
   * root's junctors only, not those of nested fields.
   */
  private static void completeness(JsonNode s, String path, List<FieldError> errs) {
    junctorCompleteness(s, s, path, path, errs);
  }

  private static void junctorCompleteness(JsonNode v, JsonNode s, String sPath, String vPath,
      List<FieldError> errs) {
    JsonNode not = v.get("not");
    if (not != null && not.isObject()) {
      nestedCompleteness(not, s, sPath, FieldPaths.child(vPath, "not"), errs);
    }
    for (String j : JUNCTORS) {
      JsonNode list = v.path(j);
      for (int i = 0; i < list.size(); i++) {
        nestedCompleteness(list.get(i), s, sPath, FieldPaths.index(FieldPaths.child(vPath, j), i), errs);
      }
    }
  }

  private static void nestedCompleteness(JsonNode v, JsonNode s, String sPath, String vPath,
      List<FieldError> errs) {
    if (v == null || !v.isObject()) {
      return;
    }
    if (s == null || !s.isObject()) {
      errs.add(FieldError.required(sPath, "because it is defined in " + vPath));
      return;
    }
    junctorCompleteness(v, s, sPath, vPath, errs);
    JsonNode items = v.get("items");
    if (items != null && items.isObject()) {
      nestedCompleteness(items, s.get("items"), FieldPaths.child(sPath, "items"), FieldPaths.child(vPath, "items"), errs);
    }
    for (Map.Entry<String, JsonNode> p : v.path("properties").properties()) {
      String sp = FieldPaths.key(FieldPaths.child(sPath, "properties"), p.getKey());
      String vp = FieldPaths.key(FieldPaths.child(vPath, "properties"), p.getKey());
      JsonNode field = s.path("properties").get(p.getKey());
      if (field == null) {
        errs.add(FieldError.required(sp, "because it is defined in " + vp));
      } else {
        nestedCompleteness(p.getValue(), field, sp, vp, errs);
      }
    }
  }

  /**
   * Go's regexp (RE2) rejects what Java accepts (look-around, back references) and words its errors its own way;
   * this covers the common cases with Go's wording.
   */
  static String regexError(String pattern) {
    for (String perl : new String[] {"(?<=", "(?<!", "(?=", "(?!"}) {
      int at = pattern.indexOf(perl);
      if (at >= 0) {
        return "error parsing regexp: invalid or unsupported Perl syntax: `" + pattern.substring(at, at + 3) + "`";
      }
    }
    java.util.regex.Matcher backRef = Pattern.compile("\\\\[1-9]").matcher(pattern);
    if (backRef.find()) {
      return "error parsing regexp: invalid escape sequence: `" + backRef.group() + "`";
    }
    try {
      Pattern.compile(pattern);
      return null;
    } catch (PatternSyntaxException e) {
      String d = e.getDescription();
      if (d.startsWith("Unclosed character class")) {
        return "error parsing regexp: missing closing ]: `" + pattern.substring(Math.max(0, pattern.lastIndexOf('[')))
            + "`";
      }
      if (d.startsWith("Unclosed group")) {
        return "error parsing regexp: missing closing ): `" + pattern + "`";
      }
      if (d.startsWith("Unmatched closing")) {
        return "error parsing regexp: unexpected ): `" + pattern + "`";
      }
      if (d.startsWith("Dangling meta character")) {
        int i = Math.max(0, e.getIndex());
        return "error parsing regexp: missing argument to repetition operator: `"
            + pattern.substring(i, Math.min(pattern.length(), i + 1)) + "`";
      }
      return "error parsing regexp: " + d + ": `" + pattern + "`";
    }
  }

  /**
   * Defaults must survive pruning ("must not have unknown fields") and validate against their schema (delegated to
   * {@link SchemaHooks#validateDefault}). The root is treated as a resource root: apiVersion, kind and metadata are
   * never pruned there.
   */
  static List<FieldError> defaults(JsonNode root, String path, boolean requirePruned, SchemaHooks hooks) {
    List<FieldError> errs = new ArrayList<>();
    defaults(root, path, true, false, requirePruned, hooks, errs);
    return errs;
  }

  private static void defaults(JsonNode s, String path, boolean resourceRoot, boolean insideMeta,
      boolean requirePruned, SchemaHooks hooks, List<FieldError> errs) {
    if (s == null || !s.isObject()) {
      return;
    }
    boolean embedded = resourceRoot || s.path("x-kubernetes-embedded-resource").asBoolean(false);
    if (embedded) {
      insideMeta = false;
    }
    JsonNode value = s.get("default");
    if (value != null && !value.isNull()) {
      if (!insideMeta && requirePruned && !survivesPruning(value, s, embedded)) {
        errs.add(FieldError.invalid(FieldPaths.child(path, "default"), goValue(value), "must not have unknown fields"));
      }
      errs.addAll(hooks.validateDefault(s, path));
    }
    // additionalProperties is not followed: defaults are forbidden there.
    defaults(s.get("items"), FieldPaths.child(path, "items"), false, insideMeta, requirePruned, hooks, errs);
    for (Map.Entry<String, JsonNode> p : s.path("properties").properties()) {
      boolean meta = insideMeta || (embedded && Set.of("metadata", "apiVersion", "kind").contains(p.getKey()));
      defaults(p.getValue(), FieldPaths.key(FieldPaths.child(path, "properties"), p.getKey()), false, meta, requirePruned,
          hooks, errs);
    }
  }

  /** Whether pruning {@code value} with schema {@code s} would drop nothing. */
  static boolean survivesPruning(JsonNode value, JsonNode s, boolean embedded) {
    if (s != null && s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      return keepsKnown(value, s);
    }
    if (value.isObject()) {
      if (s == null) {
        return value.isEmpty();
      }
      for (Map.Entry<String, JsonNode> e : value.properties()) {
        if (embedded && isResourceMeta(e.getKey(), e.getValue())) {
          continue;
        }
        JsonNode field = s.path("properties").get(e.getKey());
        JsonNode additional = s.get("additionalProperties");
        if (field != null) {
          if (!survivesPruning(e.getValue(), field, field.path("x-kubernetes-embedded-resource").asBoolean(false))) {
            return false;
          }
        } else if (additional != null && !additional.isNull() && !(additional.isBoolean()
            && !additional.asBoolean())) {
          if (!survivesPruning(e.getValue(), additional.isObject() ? additional : null,
              additional.path("x-kubernetes-embedded-resource").asBoolean(false))) {
            return false;
          }
        } else {
          return false;
        }
      }
      return true;
    }
    if (value.isArray()) {
      JsonNode items = s == null ? null : s.get("items");
      for (JsonNode v : value) {
        if (!survivesPruning(v, items != null && items.isObject() ? items : null,
            items != null && items.path("x-kubernetes-embedded-resource").asBoolean(false))) {
          return false;
        }
      }
    }
    return true;
  }

  /** Under x-kubernetes-preserve-unknown-fields unknown fields stay, but known ones are still pruned inside. */
  private static boolean keepsKnown(JsonNode value, JsonNode s) {
    if (value.isObject()) {
      for (Map.Entry<String, JsonNode> e : value.properties()) {
        JsonNode field = s.path("properties").get(e.getKey());
        JsonNode additional = s.get("additionalProperties");
        JsonNode sub = field != null ? field : additional != null && additional.isObject() ? additional : null;
        if (sub != null && !survivesPruning(e.getValue(), sub,
            sub.path("x-kubernetes-embedded-resource").asBoolean(false))) {
          return false;
        }
      }
    } else if (value.isArray() && s.path("items").isObject()) {
      for (JsonNode v : value) {
        if (!keepsKnown(v, s.get("items"))) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean isResourceMeta(String key, JsonNode value) {
    return ((key.equals("apiVersion") || key.equals("kind")) && value.isString())
        || (key.equals("metadata") && value.isObject());
  }

  /** Go's %#v of a decoded JSON value, which is how upstream shows a bad default. */
  static Rules.GoLiteral goValue(JsonNode v) {
    return new Rules.GoLiteral(goText(v, true));
  }

  private static String goText(JsonNode v, boolean top) {
    if (v == null || v.isNull()) {
      return top ? "<nil>" : "interface {}(nil)";
    }
    if (v.isString()) {
      return FieldError.goQuote(v.asString());
    }
    if (v.isNumber() || v.isBoolean()) {
      return v.toString();
    }
    StringBuilder out = new StringBuilder();
    if (v.isArray()) {
      out.append("[]interface {}{");
      for (int i = 0; i < v.size(); i++) {
        out.append(i == 0 ? "" : ", ").append(goText(v.get(i), false));
      }
      return out.append('}').toString();
    }
    // Go prints map keys sorted.
    TreeMap<String, JsonNode> sorted = new TreeMap<>();
    v.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
    out.append("map[string]interface {}{");
    boolean first = true;
    for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
      out.append(first ? "" : ", ").append(FieldError.goQuote(e.getKey())).append(':')
          .append(goText(e.getValue(), false));
      first = false;
    }
    return out.append('}').toString();
  }
}
