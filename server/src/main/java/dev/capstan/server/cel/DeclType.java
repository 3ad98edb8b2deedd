package dev.capstan.server.cel;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import com.google.common.collect.ImmutableSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The CEL type a schema node binds {@code self} to, as upstream's DeclType: objects with properties become
 * structs with one declared (escaped) field per property, {@code additionalProperties} a {@code map(string, V)},
 * arrays {@code list(T)}, int-or-string {@code dyn}, and string formats byte/duration/date/date-time become bytes,
 * duration and timestamp. Resource roots (the custom resource itself and embedded resources) also see
 * {@code apiVersion}, {@code kind}, {@code metadata.name} and {@code metadata.generateName}. Also carries the size
 * bounds (max elements, min serialized size) the cost estimate needs. Immutable.
 */
final class DeclType {
  enum Kind { OBJECT, MAP, LIST, STRING, BYTES, DURATION, TIMESTAMP, INT, DOUBLE, BOOL, DYN }

  /** One declared field: the JSON property name it reads and its type. */
  record Field(String jsonName, DeclType type) {
  }

  static final long MAX_REQUEST_SIZE = 3L * 1024 * 1024;

  private static final Set<String> RESERVED = Set.of("true", "false", "null", "in", "as", "break", "const",
      "continue", "else", "for", "function", "if", "import", "let", "loop", "package", "namespace", "return", "var",
      "void", "while");
  private static final Pattern ESCAPABLE = Pattern.compile("[a-zA-Z_.\\-/][a-zA-Z0-9_.\\-/]*");

  final Kind kind;
  final CelType celType;
  /** Escaped CEL field name to field, in schema order; OBJECT only. */
  final Map<String, Field> fields;
  final DeclType elem;
  final long maxElements;
  final long minSerializedSize;
  /** A structural description (no names), equal for equal types: the compile cache's key. */
  final String signature;
  /** Every struct type in this type, itself included, for the checker's type provider. */
  final List<StructType> structs;

  private DeclType(Kind kind, CelType celType, Map<String, Field> fields, DeclType elem, long maxElements,
      long minSerializedSize, String signature, List<StructType> structs) {
    this.kind = kind;
    this.celType = celType;
    this.fields = fields;
    this.elem = elem;
    this.maxElements = maxElements;
    this.minSerializedSize = minSerializedSize;
    this.signature = signature;
    this.structs = structs;
  }

  /**
   * The type of {@code s}, or null when rules cannot bind to it (no type, or an array without items). Struct
   * types are named {@code typeName} and, below, {@code typeName.field}, {@code typeName.@idx} (list items) and
   * {@code typeName.@elem} (map values), as upstream names them.
   */
  static DeclType of(SchemaNode s, boolean resourceRoot, String typeName) {
    if (s.intOrString) {
      return simple(Kind.DYN, SimpleType.DYN, MAX_REQUEST_SIZE - 2, 1, "dyn");
    }
    switch (s.type) {
      case "array" -> {
        if (s.items == null) {
          return null;
        }
        DeclType item = of(s.items, s.items.embeddedResource, typeName + ".@idx");
        if (item == null) {
          return null;
        }
        long max = s.maxItems != null ? Math.max(0, s.maxItems) : (MAX_REQUEST_SIZE - 2) / (item.minSerializedSize + 1);
        return new DeclType(Kind.LIST, ListType.create(item.celType), Map.of(), item, max, 2,
            "[" + item.signature + "]" + s.maxItems, item.structs);
      }
      case "object" -> {
        if (s.additionalProperties != null) {
          DeclType value = of(s.additionalProperties, s.additionalProperties.embeddedResource, typeName + ".@elem");
          if (value == null) {
            return null;
          }
          long max = s.maxProperties != null ? Math.max(0, s.maxProperties)
              : (MAX_REQUEST_SIZE - 2) / (2 + 1 + value.minSerializedSize + 1);
          return new DeclType(Kind.MAP, MapType.create(SimpleType.STRING, value.celType), Map.of(), value, max, 2,
              "<" + value.signature + ">" + s.maxProperties, value.structs);
        }
        return object(s, resourceRoot, typeName);
      }
      case "string" -> {
        long max = s.maxLength != null ? Math.max(0, s.maxLength)
            : !s.enumStrings.isEmpty() ? s.enumStrings.stream().mapToLong(String::length).max().orElse(0)
            : MAX_REQUEST_SIZE - 2;
        return switch (s.format) {
          case "byte" -> simple(Kind.BYTES, SimpleType.BYTES, max, 2, "bytes" + max);
          case "duration" -> simple(Kind.DURATION, SimpleType.DURATION, max, 4, "duration");
          case "date" -> simple(Kind.TIMESTAMP, SimpleType.TIMESTAMP, max, 12, "date");
          case "date-time" -> simple(Kind.TIMESTAMP, SimpleType.TIMESTAMP, max, 21, "date-time");
          default -> simple(Kind.STRING, SimpleType.STRING, max, 2, "string" + max);
        };
      }
      case "boolean" -> {
        return simple(Kind.BOOL, SimpleType.BOOL, 0, 4, "bool");
      }
      case "number" -> {
        return simple(Kind.DOUBLE, SimpleType.DOUBLE, 0, 1, "double");
      }
      case "integer" -> {
        return simple(Kind.INT, SimpleType.INT, 0, 1, "int");
      }
      default -> {
        return null;
      }
    }
  }

  private static DeclType object(SchemaNode s, boolean resourceRoot, String typeName) {
    Map<String, SchemaNode> props = new LinkedHashMap<>(s.properties);
    if (resourceRoot) {
      props.put("apiVersion", STRING_NODE);
      props.put("kind", STRING_NODE);
      props.put("metadata", OBJECT_META_NODE);
    }
    Map<String, Field> fields = new LinkedHashMap<>();
    Map<String, CelType> celFields = new LinkedHashMap<>();
    java.util.ArrayList<StructType> structs = new java.util.ArrayList<>();
    StringBuilder sig = new StringBuilder(resourceRoot ? "R{" : "{");
    long minSize = 2;
    for (Map.Entry<String, SchemaNode> e : props.entrySet()) {
      Optional<String> escaped = escape(e.getKey());
      DeclType t = of(e.getValue(), e.getValue().embeddedResource, typeName + "." + escaped.orElse(e.getKey()));
      if (t == null) {
        continue;
      }
      boolean required = s.required.contains(e.getKey()) && !e.getValue().hasDefault;
      if (escaped.isPresent()) {
        fields.put(escaped.get(), new Field(e.getKey(), t));
        celFields.put(escaped.get(), t.celType);
        structs.addAll(t.structs);
        // Required fields change the minimum size, hence the cost estimate of lists of this type.
        sig.append(escaped.get()).append(required ? "!:" : ":").append(t.signature).append(',');
      }
      if (required) {
        minSize += e.getKey().length() + t.minSerializedSize + 4;
      }
    }
    StructType struct = StructType.create(typeName, ImmutableSet.copyOf(celFields.keySet()),
        name -> Optional.ofNullable(celFields.get(name)));
    structs.add(0, struct);
    return new DeclType(Kind.OBJECT, struct, Collections.unmodifiableMap(fields), null, 0, minSize,
        sig.append('}').toString(), List.copyOf(structs));
  }

  private static DeclType simple(Kind kind, CelType type, long maxElements, long minSize, String signature) {
    return new DeclType(kind, type, Map.of(), null, maxElements, minSize, signature, List.of());
  }

  /**
   * A property name as CEL rules spell it: reserved words become {@code __word__}; {@code __}, {@code .}, {@code -}
   * and {@code /} become {@code __underscores__}, {@code __dot__}, {@code __dash__}, {@code __slash__}. Empty when
   * the name cannot be escaped (such properties are invisible to rules).
   */
  static Optional<String> escape(String name) {
    if (RESERVED.contains(name)) {
      return Optional.of("__" + name + "__");
    }
    if (!ESCAPABLE.matcher(name).matches()) {
      return Optional.empty();
    }
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '_' && i + 1 < name.length() && name.charAt(i + 1) == '_') {
        out.append("__underscores__");
        i++;
      } else if (c == '.') {
        out.append("__dot__");
      } else if (c == '-') {
        out.append("__dash__");
      } else if (c == '/') {
        out.append("__slash__");
      } else {
        out.append(c);
      }
    }
    return Optional.of(out.toString());
  }

  private static final SchemaNode STRING_NODE =
      SchemaNode.of(tools.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("type", "string"));
  private static final SchemaNode OBJECT_META_NODE;

  static {
    var f = tools.jackson.databind.node.JsonNodeFactory.instance;
    var meta = f.objectNode().put("type", "object");
    meta.putObject("properties").set("name", f.objectNode().put("type", "string"));
    ((tools.jackson.databind.node.ObjectNode) meta.get("properties")).set("generateName",
        f.objectNode().put("type", "string"));
    OBJECT_META_NODE = SchemaNode.of(meta);
  }
}
