package dev.capstan.server.registry.apiextensions;

import dev.capstan.server.validation.FieldPaths;
import dev.capstan.api.FieldError;
import dev.capstan.server.registry.shared.Rules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * One CRD schema ({@code openAPIV3Schema}) checked as upstream's apiextensions validation checks it: the OpenAPI
 * keywords Kubernetes does not support, the {@code x-kubernetes-*} extensions and their combinations, the static
 * shape of {@code x-kubernetes-validations}, the rules at the root when the status subresource is on, and (via
 * {@link StructuralRules}) that the schema is structural and its defaults pruned. CEL compilation and checking a
 * default against its schema go through {@link SchemaHooks}.
 */
final class SchemaRules {
  private static final List<String> OPENAPI_TYPES = List.of("array", "boolean", "integer", "number", "object",
      "string");
  private static final List<String> RULE_REASONS = List.of("FieldValueDuplicate", "FieldValueForbidden",
      "FieldValueInvalid", "FieldValueRequired");
  private static final Set<String> META_FIELDS = Set.of("metadata", "kind", "apiVersion");
  /** What may sit at the root of a schema whose status subresource is on: status is cut out as properties[status]. */
  private static final List<String> ROOT_ALLOWED = List.of("Description", "Type", "Format", "Title", "Maximum",
      "ExclusiveMaximum", "Minimum", "ExclusiveMinimum", "MaxLength", "MinLength", "Pattern", "MaxItems", "MinItems",
      "UniqueItems", "MultipleOf", "Required", "Items", "Properties", "ExternalDocs", "Example",
      "XPreserveUnknownFields", "XValidations");
  /** JSON keywords in the order of upstream's Go struct, which decides which root error is reported first. */
  private static final List<String[]> ROOT_FIELDS = List.of(new String[] {"id", "ID"},
      new String[] {"$schema", "Schema"}, new String[] {"$ref", "Ref"},
      new String[] {"description", "Description"}, new String[] {"type", "Type"},
      new String[] {"nullable", "Nullable"}, new String[] {"format", "Format"}, new String[] {"title", "Title"},
      new String[] {"default", "Default"}, new String[] {"maximum", "Maximum"},
      new String[] {"exclusiveMaximum", "ExclusiveMaximum"}, new String[] {"minimum", "Minimum"},
      new String[] {"exclusiveMinimum", "ExclusiveMinimum"}, new String[] {"maxLength", "MaxLength"},
      new String[] {"minLength", "MinLength"}, new String[] {"pattern", "Pattern"},
      new String[] {"maxItems", "MaxItems"}, new String[] {"minItems", "MinItems"},
      new String[] {"uniqueItems", "UniqueItems"}, new String[] {"multipleOf", "MultipleOf"},
      new String[] {"enum", "Enum"}, new String[] {"maxProperties", "MaxProperties"},
      new String[] {"minProperties", "MinProperties"}, new String[] {"required", "Required"},
      new String[] {"items", "Items"}, new String[] {"allOf", "AllOf"}, new String[] {"oneOf", "OneOf"},
      new String[] {"anyOf", "AnyOf"}, new String[] {"not", "Not"}, new String[] {"properties", "Properties"},
      new String[] {"additionalProperties", "AdditionalProperties"},
      new String[] {"patternProperties", "PatternProperties"}, new String[] {"dependencies", "Dependencies"},
      new String[] {"additionalItems", "AdditionalItems"}, new String[] {"definitions", "Definitions"},
      new String[] {"externalDocs", "ExternalDocs"}, new String[] {"example", "Example"},
      new String[] {"x-kubernetes-preserve-unknown-fields", "XPreserveUnknownFields"},
      new String[] {"x-kubernetes-embedded-resource", "XEmbeddedResource"},
      new String[] {"x-kubernetes-int-or-string", "XIntOrString"},
      new String[] {"x-kubernetes-list-map-keys", "XListMapKeys"},
      new String[] {"x-kubernetes-list-type", "XListType"}, new String[] {"x-kubernetes-map-type", "XMapType"},
      new String[] {"x-kubernetes-validations", "XValidations"});

  /** Fields that are a Go bool rather than a pointer, so false is their zero value. */
  private static final Set<String> PLAIN_BOOLEANS = Set.of("Nullable", "ExclusiveMaximum", "ExclusiveMinimum",
      "UniqueItems", "XEmbeddedResource", "XIntOrString");

  private SchemaRules() {}

  /**
   * Which checks apply; on update some are relaxed when the stored CRD already broke them, so that a control plane
   * upgrade never rejects an untouched CRD.
   */
  record Options(boolean requireValidPropertyType, boolean requireStructural, boolean requirePrunedDefaults,
      boolean requireAtomicSetType, boolean requireMapListKeysMapSetValidation, Set<String> preexistingRules) {
    static final Options CREATE = new Options(true, true, true, true, true, Set.of());

    Options withStructural() {
      return new Options(requireValidPropertyType, true, requirePrunedDefaults, requireAtomicSetType,
          requireMapListKeysMapSetValidation, preexistingRules);
    }
  }

  /**
   * Checks one CustomResourceValidation ({@code {"openAPIV3Schema": ...}}).
   *
   * @param path where it sits, e.g. {@code spec.validation} or {@code spec.versions[1].schema}
   */
  static List<FieldError> validation(JsonNode validation, boolean statusEnabled, Options options, String path,
      SchemaHooks hooks) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode schema = validation == null ? null : validation.get("openAPIV3Schema");
    if (schema == null || !schema.isObject()) {
      return errs;
    }
    String schemaPath = FieldPaths.child(path, "openAPIV3Schema");
    if (statusEnabled) {
      errs.addAll(statusRoot(schema, path));
    }
    if (schema.path("nullable").asBoolean(false)) {
      errs.add(FieldError.forbidden(FieldPaths.child(path, "openAPIV3Schema.nullable"),
          "nullable cannot be true at the root"));
    }
    boolean celReady = false;
    List<FieldError> structuralInit = new ArrayList<>();
    if (options.requireStructural()) {
      String unsupported = StructuralRules.unsupported(schema);
      if (unsupported != null) {
        structuralInit.add(FieldError.invalid(schemaPath, "", unsupported));
      } else {
        List<FieldError> structural = StructuralRules.validate(schema, schemaPath);
        if (!structural.isEmpty()) {
          errs.addAll(structural);
        } else {
          List<FieldError> defaults = StructuralRules.defaults(schema, schemaPath, options.requirePrunedDefaults(),
              hooks);
          errs.addAll(defaults);
          celReady = defaults.isEmpty();
        }
      }
    }
    Walk walk = new Walk(options, hooks, schema, celReady);
    walk.node(schema, schemaPath, Ssv.ROOT, true, celReady);
    errs.addAll(walk.schemaErrors);
    errs.addAll(walk.celErrors);
    if (errs.isEmpty()) {
      errs.addAll(structuralInit);
    }
    return errs;
  }

  /** Only type object and a fixed set of keywords at the root; upstream stops at the first offending keyword. */
  private static List<FieldError> statusRoot(JsonNode schema, String path) {
    for (String[] f : ROOT_FIELDS) {
      JsonNode v = schema.get(f[0]);
      if (isZero(f[1], v)) {
        continue;
      }
      if (f[1].equals("Type")) {
        if (!v.asString("").equals("object")) {
          return List.of(FieldError.invalid(FieldPaths.child(path, "openAPIV3Schema.type"), v.asString(""),
              "only \"object\" is allowed as the type at the root of the schema if the status subresource is "
                  + "enabled"));
        }
        continue;
      }
      if (!ROOT_ALLOWED.contains(f[1])) {
        return List.of(FieldError.invalid(FieldPaths.child(path, "openAPIV3Schema"),
            new Rules.GoLiteral("apiextensions.JSONSchemaProps{...}"), "only [" + String.join(" ", ROOT_ALLOWED)
                + "] fields are allowed at the root of the schema if the status subresource is enabled"));
      }
    }
    return List.of();
  }

  /** Go's zero value: an absent field, false for the plain booleans, "" for the plain strings. */
  private static boolean isZero(String goField, JsonNode v) {
    if (v == null || v.isNull()) {
      return true;
    }
    if (PLAIN_BOOLEANS.contains(goField)) {
      return !v.asBoolean(false);
    }
    return v.isString() && v.asString().isEmpty() && !goField.startsWith("X") && !goField.equals("Ref");
  }

  /** The per-node options upstream's specStandardValidator carries down the tree. */
  private record Ssv(boolean allowDefaults, String disallowReason, boolean insideMeta, String oldSelfForbiddenAt) {
    static final Ssv ROOT = new Ssv(true, "", false, null);

    Ssv forbidDefaults(String reason) {
      return new Ssv(false, reason, insideMeta, oldSelfForbiddenAt);
    }

    Ssv meta() {
      return new Ssv(allowDefaults, disallowReason, true, oldSelfForbiddenAt);
    }

    Ssv forbidOldSelf(String path) {
      return oldSelfForbiddenAt != null ? this : new Ssv(allowDefaults, disallowReason, insideMeta, path);
    }
  }

  /** One walk over a schema; schema and CEL errors are kept apart because upstream lists CEL errors last. */
  private static final class Walk {
    final Options options;
    final SchemaHooks hooks;
    final JsonNode root;
    final boolean celReady;
    final List<FieldError> schemaErrors = new ArrayList<>();
    final List<FieldError> celErrors = new ArrayList<>();

    Walk(Options options, SchemaHooks hooks, JsonNode root, boolean celReady) {
      this.options = options;
      this.hooks = hooks;
      this.root = root;
      this.celReady = celReady;
    }

    /** @param cel whether CEL rules at this node are compiled (never under allOf/anyOf/oneOf/not) */
    void node(JsonNode s, String path, Ssv ssv, boolean isRoot, boolean cel) {
      if (s == null || !s.isObject()) {
        return;
      }
      int before = schemaErrors.size();
      standard(s, path, ssv);
      if (s.path("uniqueItems").asBoolean(false)) {
        schemaErrors.add(FieldError.forbidden(FieldPaths.child(path, "uniqueItems"),
            "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"));
      }
      JsonNode properties = s.path("properties");
      JsonNode additional = s.get("additionalProperties");
      if (additional != null && !additional.isNull()) {
        if (!properties.isEmpty() && (additional.isObject() || !additional.asBoolean(true))) {
          schemaErrors.add(FieldError.forbidden(FieldPaths.child(path, "additionalProperties"),
              "additionalProperties and properties are mutual exclusive"));
        }
        Ssv sub = ssv.insideMeta() ? ssv.forbidDefaults("inside additionalProperties applying to object metadata")
            : ssv;
        node(additional, FieldPaths.child(path, "additionalProperties"), sub, false, cel);
      }
      boolean embedded = s.path("x-kubernetes-embedded-resource").asBoolean(false);
      for (Map.Entry<String, JsonNode> p : properties.properties()) {
        Ssv sub = ssv;
        String mapType = s.path("x-kubernetes-map-type").asString(null);
        if (mapType != null && !mapType.equals("granular") && !mapType.equals("atomic")) {
          sub = sub.forbidOldSelf(path);
        }
        if ((isRoot || embedded) && META_FIELDS.contains(p.getKey())) {
          sub = sub.meta();
          if (isRoot) {
            sub = sub.forbidDefaults("in top-level " + p.getKey());
          }
        }
        node(p.getValue(), FieldPaths.key(FieldPaths.child(path, "properties"), p.getKey()), sub, false, cel);
      }
      node(s.get("not"), FieldPaths.child(path, "not"), ssv, false, false);
      for (String junctor : new String[] {"allOf", "oneOf", "anyOf"}) {
        JsonNode list = s.path(junctor);
        for (int i = 0; i < list.size(); i++) {
          node(list.get(i), FieldPaths.index(FieldPaths.child(path, junctor), i), ssv, false, false);
        }
      }
      for (Map.Entry<String, JsonNode> d : s.path("definitions").properties()) {
        node(d.getValue(), FieldPaths.key(FieldPaths.child(path, "definitions"), d.getKey()), ssv, false, false);
      }
      JsonNode items = s.get("items");
      String listType = s.path("x-kubernetes-list-type").asString(null);
      if (items != null && !items.isNull()) {
        Ssv sub = "map".equals(listType) ? ssv : ssv.forbidOldSelf(path);
        if (items.isArray()) {
          for (int i = 0; i < items.size(); i++) {
            node(items.get(i), FieldPaths.index(FieldPaths.child(path, "items"), i), sub, false, cel);
          }
        } else {
          node(items, FieldPaths.child(path, "items"), sub, false, cel);
        }
      }
      for (Map.Entry<String, JsonNode> d : s.path("dependencies").properties()) {
        if (d.getValue().isObject()) {
          node(d.getValue(), FieldPaths.key(FieldPaths.child(path, "dependencies"), d.getKey()), ssv, false, false);
        }
      }
      extensions(s, path);
      if (options.requireMapListKeysMapSetValidation()) {
        schemaErrors.addAll(mapListKeysMapSet(s, path));
      }
      rules(s, path, ssv, cel && schemaErrors.size() == before);
    }

    /** Upstream's specStandardValidatorV3: keywords Kubernetes does not support, and where defaults may not go. */
    private void standard(JsonNode s, String path, Ssv ssv) {
      String type = s.path("type").asString("");
      if (options.requireValidPropertyType() && !type.isEmpty() && !OPENAPI_TYPES.contains(type)) {
        schemaErrors.add(Rules.notSupported(FieldPaths.child(path, "type"), type, OPENAPI_TYPES));
      }
      if (s.has("default") && !ssv.allowDefaults()) {
        schemaErrors.add(FieldError.forbidden(FieldPaths.child(path, "default"),
            "must not be set" + (ssv.disallowReason().isEmpty() ? "" : " " + ssv.disallowReason())));
      }
      if (!s.path("id").asString("").isEmpty()) {
        schemaErrors.add(FieldError.forbidden(FieldPaths.child(path, "id"), "id is not supported"));
      }
      if (s.has("additionalItems") && !s.get("additionalItems").isNull()) {
        schemaErrors.add(FieldError.forbidden(FieldPaths.child(path, "additionalItems"),
            "additionalItems is not supported"));
      }
      if (!s.path("patternProperties").isEmpty()) {
        schemaErrors.add(FieldError.forbidden(FieldPaths.child(path, "patternProperties"),
            "patternProperties is not supported"));
      }
      if (!s.path("definitions").isEmpty()) {
        schemaErrors.add(FieldError.forbidden(FieldPaths.child(path, "definitions"), "definitions is not supported"));
      }
      if (s.has("dependencies") && !s.get("dependencies").isNull()) {
        schemaErrors.add(FieldError.forbidden(FieldPaths.child(path, "dependencies"), "dependencies is not supported"));
      }
      if (s.has("$ref") && !s.get("$ref").isNull()) {
        schemaErrors.add(FieldError.forbidden(FieldPaths.child(path, "$ref"), "$ref is not supported"));
      }
      if (type.equals("null")) {
        schemaErrors.add(FieldError.forbidden(FieldPaths.child(path, "type"),
            "type cannot be set to null, use nullable as an alternative"));
      }
      if (s.path("items").isArray() && !s.path("items").isEmpty()) {
        schemaErrors.add(FieldError.forbidden(FieldPaths.child(path, "items"),
            "items must be a schema object and not an array"));
      }
      if (ssv.insideMeta() && s.path("x-kubernetes-embedded-resource").asBoolean(false)) {
        schemaErrors.add(FieldError.forbidden(FieldPaths.child(path, "x-kubernetes-embedded-resource"),
            "must not be used inside of resource meta"));
      }
    }

    /** x-kubernetes-preserve-unknown-fields, -map-type, -list-type and -list-map-keys and how they combine. */
    private void extensions(JsonNode s, String path) {
      String type = s.path("type").asString("");
      JsonNode preserve = s.get("x-kubernetes-preserve-unknown-fields");
      if (preserve != null && preserve.isBoolean() && !preserve.asBoolean()) {
        schemaErrors.add(FieldError.invalid(FieldPaths.child(path, "x-kubernetes-preserve-unknown-fields"), false,
            "must be true or undefined"));
      }
      String mapType = s.path("x-kubernetes-map-type").asString(null);
      if (mapType != null && !type.equals("object")) {
        schemaErrors.add(type.isEmpty()
            ? FieldError.required(FieldPaths.child(path, "type"), "must be object if x-kubernetes-map-type is specified")
            : FieldError.invalid(FieldPaths.child(path, "type"), type,
                "must be object if x-kubernetes-map-type is specified"));
      }
      if (mapType != null && !mapType.equals("atomic") && !mapType.equals("granular")) {
        schemaErrors.add(Rules.notSupported(FieldPaths.child(path, "x-kubernetes-map-type"), mapType,
            List.of("atomic", "granular")));
      }
      String listType = s.path("x-kubernetes-list-type").asString(null);
      JsonNode items = s.get("items");
      boolean singleItems = items != null && items.isObject();
      if (listType != null && !type.equals("array")) {
        schemaErrors.add(type.isEmpty()
            ? FieldError.required(FieldPaths.child(path, "type"), "must be array if x-kubernetes-list-type is specified")
            : FieldError.invalid(FieldPaths.child(path, "type"), type,
                "must be array if x-kubernetes-list-type is specified"));
      } else if (options.requireAtomicSetType() && "set".equals(listType) && singleItems) {
        String itemType = items.path("type").asString("");
        String itemListType = items.path("x-kubernetes-list-type").asString(null);
        String itemMapType = items.path("x-kubernetes-map-type").asString(null);
        String itemsPath = FieldPaths.child(path, "items");
        if (itemType.equals("array") && itemListType != null && !itemListType.equals("atomic")) {
          schemaErrors.add(FieldError.invalid(FieldPaths.child(itemsPath, "x-kubernetes-list-type"), itemListType,
              "must be atomic as item of a list with x-kubernetes-list-type=set"));
        } else if (itemType.equals("object") && !"atomic".equals(itemMapType)) {
          // Upstream reports the items' list type here, which is nearly always unset.
          schemaErrors.add(FieldError.invalid(FieldPaths.child(itemsPath, "x-kubernetes-map-type"), itemListType,
              "must be atomic as item of a list with x-kubernetes-list-type=set"));
        }
      }
      if (listType != null && !List.of("atomic", "set", "map").contains(listType)) {
        schemaErrors.add(Rules.notSupported(FieldPaths.child(path, "x-kubernetes-list-type"), listType,
            List.of("atomic", "set", "map")));
      }
      List<String> keys = strings(s.path("x-kubernetes-list-map-keys"));
      if (!keys.isEmpty()) {
        if (listType == null) {
          schemaErrors.add(FieldError.required(FieldPaths.child(path, "x-kubernetes-list-type"),
              "must be map if x-kubernetes-list-map-keys is non-empty"));
        } else if (!listType.equals("map")) {
          schemaErrors.add(FieldError.invalid(FieldPaths.child(path, "x-kubernetes-list-type"), listType,
              "must be map if x-kubernetes-list-map-keys is non-empty"));
        }
      }
      if ("map".equals(listType)) {
        listMap(s, path, keys, items);
      }
    }

    private void listMap(JsonNode s, String path, List<String> keys, JsonNode items) {
      String keysPath = FieldPaths.child(path, "x-kubernetes-list-map-keys");
      if (keys.isEmpty()) {
        schemaErrors.add(FieldError.required(keysPath, "must not be empty if x-kubernetes-list-type is map"));
      }
      String itemsPath = FieldPaths.child(path, "items");
      if (items == null || items.isNull()) {
        schemaErrors.add(FieldError.required(itemsPath, "must have a schema if x-kubernetes-list-type is map"));
        return;
      }
      if (!items.isObject()) {
        schemaErrors.add(FieldError.invalid(itemsPath, new Rules.GoLiteral("&apiextensions.JSONSchemaPropsOrArray{...}"),
            "must only have a single schema if x-kubernetes-list-type is map"));
        return;
      }
      String itemType = items.path("type").asString("");
      if (!itemType.equals("object")) {
        schemaErrors.add(FieldError.invalid(FieldPaths.child(itemsPath, "type"), itemType,
            "must be object if parent array's x-kubernetes-list-type is map"));
        return;
      }
      Set<String> seen = new HashSet<>();
      for (String k : keys) {
        JsonNode key = items.path("properties").get(k);
        if (key != null) {
          String keyType = key.path("type").asString("");
          if (keyType.equals("array") || keyType.equals("object")) {
            // Upstream shows the items' type ("object") as the bad value.
            schemaErrors.add(FieldError.invalid(FieldPaths.child(FieldPaths.key(FieldPaths.child(itemsPath, "properties"), k),
                "type"), itemType, "must be a scalar type if parent array's x-kubernetes-list-type is map"));
          }
        } else {
          schemaErrors.add(FieldError.invalid(keysPath, keys, "entries must all be names of item properties"));
        }
        if (!seen.add(k)) {
          schemaErrors.add(FieldError.invalid(keysPath, keys, "must not contain duplicate entries"));
        }
      }
    }

    /** The static shape of x-kubernetes-validations, then (when the subtree is clean) CEL compilation. */
    private void rules(JsonNode s, String path, Ssv ssv, boolean compile) {
      JsonNode rules = s.path("x-kubernetes-validations");
      if (rules.isEmpty()) {
        return;
      }
      int before = schemaErrors.size();
      String base = FieldPaths.child(path, "x-kubernetes-validations");
      boolean preexisting = true;
      for (int i = 0; i < rules.size(); i++) {
        JsonNode r = rules.get(i);
        String at = FieldPaths.index(base, i);
        String rule = r.path("rule").asString("");
        String message = r.path("message").asString("");
        String messageExpression = r.path("messageExpression").asString("");
        preexisting &= options.preexistingRules().contains(rule);
        if (rule.strip().isEmpty()) {
          schemaErrors.add(FieldError.required(FieldPaths.child(at, "rule"), "rule is not specified"));
        } else if (!message.isEmpty() && message.strip().isEmpty()) {
          schemaErrors.add(FieldError.invalid(FieldPaths.child(at, "message"), message,
              "message must be non-empty if specified"));
        } else if (hasNewlines(message.strip())) {
          schemaErrors.add(FieldError.invalid(FieldPaths.child(at, "message"), message,
              "message must not contain line breaks"));
        } else if (hasNewlines(rule.strip()) && message.strip().isEmpty()) {
          schemaErrors.add(FieldError.required(FieldPaths.child(at, "message"),
              "message must be specified if rule contains line breaks"));
        }
        if (!messageExpression.isEmpty() && messageExpression.strip().isEmpty()) {
          schemaErrors.add(FieldError.required(FieldPaths.child(at, "messageExpression"),
              "messageExpression must be non-empty if specified"));
        }
        JsonNode reason = r.get("reason");
        if (reason != null && !reason.isNull() && !RULE_REASONS.contains(reason.asString(""))) {
          schemaErrors.add(Rules.notSupported(FieldPaths.child(at, "reason"), reason.asString(""), RULE_REASONS));
        }
        String fieldPath = r.path("fieldPath").asString("");
        if (!fieldPath.isEmpty() && fieldPath.strip().isEmpty()) {
          schemaErrors.add(FieldError.invalid(FieldPaths.child(at, "fieldPath"), fieldPath,
              "fieldPath must be non-empty if specified"));
        }
        if (hasNewlines(fieldPath)) {
          schemaErrors.add(FieldError.invalid(FieldPaths.child(at, "fieldPath"), fieldPath,
              "fieldPath must not contain line breaks"));
        }
        if (!fieldPath.isEmpty() && !fieldPathValid(s, fieldPath)) {
          schemaErrors.add(FieldError.invalid(FieldPaths.child(at, "fieldPath"), fieldPath,
              "fieldPath must be a valid path"));
        }
      }
      if (compile && schemaErrors.size() == before && celReady) {
        celErrors.addAll(hooks.compileRules(root, s, path, preexisting));
      }
    }
  }

  /** A rule's fieldPath must lead somewhere in the schema; a schema that is not structural is not checked. */
  private static boolean fieldPathValid(JsonNode schema, String fieldPath) {
    if (StructuralRules.unsupported(schema) != null) {
      return true;
    }
    try {
      Paths.follow(fieldPath, schema, true);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Sets and maps of items may not hold null items, and map keys must be required or defaulted and not null. */
  static List<FieldError> mapListKeysMapSet(JsonNode s, String path) {
    JsonNode items = s.get("items");
    String listType = s.path("x-kubernetes-list-type").asString(null);
    if (items == null || !items.isObject() || !("set".equals(listType) || "map".equals(listType))) {
      return List.of();
    }
    List<FieldError> errs = new ArrayList<>();
    String itemsPath = FieldPaths.child(path, "items");
    if (items.path("nullable").asBoolean(false)) {
      errs.add(FieldError.forbidden(FieldPaths.child(itemsPath, "nullable"),
          "cannot be nullable when x-kubernetes-list-type is " + listType));
    }
    if (listType.equals("map")) {
      List<String> required = strings(items.path("required"));
      for (String k : strings(s.path("x-kubernetes-list-map-keys"))) {
        JsonNode key = items.path("properties").get(k);
        if (key == null) {
          continue;
        }
        String keyPath = FieldPaths.key(FieldPaths.child(itemsPath, "properties"), k);
        if (!required.contains(k) && (!key.has("default") || key.get("default").isNull())) {
          errs.add(FieldError.required(FieldPaths.child(keyPath, "default"),
              "this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property"));
        }
        if (key.path("nullable").asBoolean(false)) {
          errs.add(FieldError.forbidden(FieldPaths.child(keyPath, "nullable"),
              "this property is in x-kubernetes-list-map-keys, so it cannot be nullable"));
        }
      }
    }
    return errs;
  }

  static boolean hasNewlines(String s) {
    return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
  }

  static List<String> strings(JsonNode list) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : list) {
      out.add(n.asString(""));
    }
    return out;
  }

  /** Whether any schema in the tree (properties, items, junctors, ...) satisfies {@code test}. */
  static boolean any(JsonNode s, java.util.function.Predicate<JsonNode> test) {
    if (s == null || !s.isObject()) {
      return false;
    }
    if (test.test(s)) {
      return true;
    }
    JsonNode items = s.get("items");
    if (items != null && items.isArray()) {
      for (JsonNode i : items) {
        if (any(i, test)) {
          return true;
        }
      }
    } else if (any(items, test)) {
      return true;
    }
    for (String junctor : new String[] {"allOf", "anyOf", "oneOf"}) {
      for (JsonNode j : s.path(junctor)) {
        if (any(j, test)) {
          return true;
        }
      }
    }
    for (String single : new String[] {"not", "additionalProperties", "additionalItems"}) {
      if (any(s.get(single), test)) {
        return true;
      }
    }
    for (String map : new String[] {"properties", "patternProperties", "definitions", "dependencies"}) {
      for (Map.Entry<String, JsonNode> e : s.path(map).properties()) {
        if (any(e.getValue(), test)) {
          return true;
        }
      }
    }
    return false;
  }
}
