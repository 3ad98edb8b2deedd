package dev.capstan.server.registry.apiextensions;

import dev.capstan.server.validation.FieldPaths;
import dev.capstan.api.FieldError;
import dev.capstan.server.registry.shared.Rules;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The parts a CRD version carries: deprecation warning, schema, subresources, printer columns and selectable
 * fields, each checked where {@link Layout} places it (per version, or once at the top level when shared).
 */
final class VersionParts {
  private static final List<String> COLUMN_TYPES = List.of("boolean", "date", "integer", "number", "string");
  private static final List<String> COLUMN_FORMATS = List.of("byte", "date", "date-time", "double", "float",
      "int32", "int64", "password");
  static final int MAX_SELECTABLE_FIELDS = 8;

  private VersionParts() {}

  static List<FieldError> version(JsonNode v, int i, Layout layout, SchemaRules.Options options, SchemaHooks hooks) {
    String path = "spec.versions[" + i + "]";
    List<FieldError> errs = new ArrayList<>();
    JsonNode warning = v.get("deprecationWarning");
    if (warning != null && !warning.isNull()) {
      for (String e : deprecationWarning(v.path("deprecated").asBoolean(false), warning.asString(""))) {
        errs.add(FieldError.invalid(path + ".deprecationWarning", warning.asString(""), e));
      }
    }
    if (!layout.schemaShared()) {
      errs.addAll(SchemaRules.validation(Layout.part(v, "schema"), Layout.statusEnabled(layout.subresourcesOf(i)),
          options, path + ".schema", hooks));
    }
    if (!layout.subresourcesShared()) {
      errs.addAll(subresources(Layout.part(v, "subresources"), path + ".subresources"));
    }
    if (!layout.columnsShared()) {
      errs.addAll(columns(Layout.part(v, "additionalPrinterColumns"), path + ".additionalPrinterColumns"));
    }
    JsonNode selectable = Layout.part(v, "selectableFields");
    if (!layout.selectableShared() && selectable != null) {
      JsonNode schema = layout.schemaOf(i);
      if (schema == null) {
        errs.add(FieldError.invalid(path + ".selectableFields", "",
            "selectableFields may only be set when version.schema.openAPIV3Schema is not included"));
      } else {
        errs.addAll(selectableFields(selectable, schema, path));
      }
    }
    return errs;
  }

  /** The parts shared by all versions, checked once at upstream's top-level paths. */
  static List<FieldError> topLevel(Layout layout, SchemaRules.Options options, SchemaHooks hooks) {
    List<FieldError> errs = new ArrayList<>();
    errs.addAll(SchemaRules.validation(layout.validation(), layout.anyStatusEnabled(), options, "spec.validation",
        hooks));
    errs.addAll(subresources(layout.subresources(), "spec.subresources"));
    errs.addAll(columns(layout.columns(), "spec.additionalPrinterColumns"));
    if (layout.selectableFields() != null) {
      JsonNode schema = layout.validation() == null ? null : layout.validation().get("openAPIV3Schema");
      if (layout.validation() == null) {
        errs.add(FieldError.invalid("spec.selectableFields", "",
            "selectableFields may only be set when validations.schema is included"));
      } else {
        errs.addAll(selectableFields(layout.selectableFields(), schema, "spec"));
      }
    }
    return errs;
  }

  static List<String> deprecationWarning(boolean deprecated, String warning) {
    if (!deprecated) {
      return List.of("can only be set for deprecated versions");
    }
    List<String> errs = new ArrayList<>();
    byte[] utf8 = warning.getBytes(StandardCharsets.UTF_8);
    if (utf8.length > 256) {
      errs.add("must be <= 256 characters long");
    }
    if (warning.isEmpty()) {
      errs.add("must not be an empty string");
    }
    int byteIndex = 0;
    for (int i = 0; i < warning.length(); ) {
      int c = warning.codePointAt(i);
      if (!printable(c)) {
        errs.add("must only contain printable UTF-8 characters; non-printable character found at index "
            + byteIndex);
        break;
      }
      byteIndex += new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length;
      i += Character.charCount(c);
    }
    return errs;
  }

  /** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
  private static boolean printable(int c) {
    if (c == ' ') {
      return true;
    }
    return switch (Character.getType(c)) {
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK, Character.ENCLOSING_MARK,
          Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER,
          Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION, Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL,
          Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
      default -> false;
    };
  }

  /** Scale paths must be simple JSON paths under .spec / .status; upstream does not look them up in the schema. */
  static List<FieldError> subresources(JsonNode subresources, String path) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode scale = subresources == null ? null : subresources.get("scale");
    if (scale == null || !scale.isObject()) {
      return errs;
    }
    scalePath(scale.path("specReplicasPath").asString(""), path + ".scale.specReplicasPath", ".spec.",
        "should be a json path under .spec", errs);
    scalePath(scale.path("statusReplicasPath").asString(""), path + ".scale.statusReplicasPath", ".status.",
        "should be a json path under .status", errs);
    String selector = scale.path("labelSelectorPath").asString("");
    if (!selector.isEmpty()) {
      String at = path + ".scale.labelSelectorPath";
      List<FieldError> shape = Paths.simpleJsonPath(selector, at);
      if (!shape.isEmpty()) {
        errs.addAll(shape);
      } else if (!selector.startsWith(".spec.") && !selector.startsWith(".status.")) {
        errs.add(FieldError.invalid(at, selector, "should be a json path under either .spec or .status"));
      }
    }
    return errs;
  }

  private static void scalePath(String value, String path, String prefix, String detail, List<FieldError> errs) {
    if (value.isEmpty()) {
      errs.add(FieldError.required(path, ""));
      return;
    }
    List<FieldError> shape = Paths.simpleJsonPath(value, path);
    if (!shape.isEmpty()) {
      errs.addAll(shape);
    } else if (!value.startsWith(prefix)) {
      errs.add(FieldError.invalid(path, value, detail));
    }
  }

  /** Printer columns; upstream's field path for the JSON path is the Go field name, JSONPath. */
  static List<FieldError> columns(JsonNode columns, String path) {
    List<FieldError> errs = new ArrayList<>();
    if (columns == null) {
      return errs;
    }
    for (int i = 0; i < columns.size(); i++) {
      JsonNode c = columns.get(i);
      String at = FieldPaths.index(path, i);
      if (c.path("name").asString("").isEmpty()) {
        errs.add(FieldError.required(at + ".name", ""));
      }
      String type = c.path("type").asString("");
      String oneOf = "must be one of " + String.join(",", COLUMN_TYPES);
      if (type.isEmpty()) {
        errs.add(FieldError.required(at + ".type", oneOf));
      } else if (!COLUMN_TYPES.contains(type)) {
        errs.add(FieldError.invalid(at + ".type", type, oneOf));
      }
      String format = c.path("format").asString("");
      if (!format.isEmpty() && !COLUMN_FORMATS.contains(format)) {
        errs.add(FieldError.invalid(at + ".format", format, "must be one of " + String.join(",", COLUMN_FORMATS)));
      }
      String jsonPath = c.path("jsonPath").asString("");
      if (jsonPath.isEmpty()) {
        errs.add(FieldError.required(at + ".JSONPath", ""));
      } else {
        errs.addAll(Paths.simpleJsonPath(jsonPath, at + ".JSONPath"));
      }
    }
    return errs;
  }

  /**
   * Selectable fields: dotted paths (no brackets) to a string, boolean or integer field outside metadata, at most
   * eight distinct ones.
   *
   * @param owner {@code spec} or {@code spec.versions[i]}
   */
  static List<FieldError> selectableFields(JsonNode fields, JsonNode schema, String owner) {
    List<FieldError> errs = new ArrayList<>();
    String path = owner + ".selectableFields";
    String unsupported = StructuralRules.unsupported(schema);
    if (unsupported != null) {
      errs.add(FieldError.invalid(owner + ".schema.openAPIV3Schema", "", unsupported));
      schema = null;
    }
    Set<String> unique = new LinkedHashSet<>();
    for (int i = 0; i < fields.size(); i++) {
      String at = FieldPaths.index(path, i) + ".jsonPath";
      String jsonPath = fields.get(i).path("jsonPath").asString("");
      if (jsonPath.isEmpty()) {
        errs.add(FieldError.required(at, ""));
        continue;
      }
      Paths.Found found;
      try {
        found = Paths.follow(jsonPath, schema, false);
      } catch (IllegalArgumentException e) {
        errs.add(FieldError.invalid(at, jsonPath, "is an invalid path: " + e.getMessage()));
        continue;
      }
      if (found.root().equals("metadata")) {
        errs.add(FieldError.invalid(at, jsonPath, "must not point to fields in metadata"));
      }
      String type = found.schema() == null ? "" : found.schema().path("type").asString("");
      if (!List.of("string", "boolean", "integer").contains(type)) {
        errs.add(FieldError.invalid(at, jsonPath, "must point to a field of type string, boolean or integer. Enum "
            + "string fields and strings with formats are allowed."));
      }
      if (!unique.add(found.path())) {
        errs.add(Rules.duplicate(at, jsonPath));
      }
    }
    if (unique.size() > MAX_SELECTABLE_FIELDS) {
      errs.add(new FieldError(FieldError.Type.TOO_MANY, path, unique.size(),
          "must have at most " + MAX_SELECTABLE_FIELDS + " items"));
    }
    return errs;
  }
}
