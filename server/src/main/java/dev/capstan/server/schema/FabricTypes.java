package dev.capstan.server.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Translates fabric8 model classes into {@link Schema} nodes: one shared node per named type (its fields are read on
 * first use, so recursive types such as JSONSchemaProps stay finite), and one node per field carrying the tags
 * {@link UpstreamTags} records for that field. Java types map as upstream's OpenAPI publishes the Go types: String to
 * string, Integer to int32, Long to int64, Double/Float to double, List to array, Map to object with values. The Go
 * types fabric8 serialises as plain strings (metav1.Time, []byte) get their format from the recorded {@code go} fact.
 * Thread-safe.
 */
final class FabricTypes {
  private final UpstreamTags tags;
  private final Map<Class<?>, Schema> named = new ConcurrentHashMap<>();

  FabricTypes(UpstreamTags tags) {
    this.tags = tags;
  }

  /** The node of a fabric8 model class: a named OBJECT, or the scalar a custom-serialised class stands for. */
  Schema of(Class<?> type) {
    Schema known = named.get(type);
    if (known != null) {
      return known;
    }
    Schema built = build(type);
    Schema raced = named.putIfAbsent(type, built);
    return raced != null ? raced : built;
  }

  private Schema build(Class<?> type) {
    String definition = DefinitionNames.of(type);
    switch (type.getSimpleName()) {
      case "Quantity":
        // Upstream publishes Quantity as a string in v2 and as oneOf string|number in v3; the node says string and
        // names the definition so validators can accept numbers.
        return Schema.builder(Schema.Type.STRING).definition(definition).build();
      case "IntOrString":
        return Schema.builder(Schema.Type.INT_OR_STRING).definition(definition).format("int-or-string").build();
      case "MicroTime":
        return Schema.builder(Schema.Type.STRING).definition(definition).format("date-time").build();
      case "Duration":
        return Schema.builder(Schema.Type.STRING).definition(definition).build();
      case "FieldsV1":
        // Upstream: a bare "type: object"; its content is the field set of a manager, not a typed object.
        return Schema.builder(Schema.Type.MAP).definition(definition)
            .values(Schema.builder(Schema.Type.ANY).build()).build();
      case "RawExtension", "JSON", "JSONSchemaPropsOrArray", "JSONSchemaPropsOrBool", "JSONSchemaPropsOrStringArray":
        // Upstream publishes these without a type: any JSON value. fabric8 models the alternatives as fields.
        return any(definition);
      default:
        break;
    }
    Map<String, Field> fields = jsonFields(type);
    if (fields.isEmpty() || definition == null) {
      // RawExtension, JSON, JSONSchemaPropsOr*: free-form values fabric8 (de)serialises by hand.
      return any(definition);
    }
    UpstreamTags.Facts facts = tags.definition(definition);
    return Schema.builder(Schema.Type.OBJECT).definition(definition)
        .atomic("atomic".equals(facts.get("structType")))
        .properties(() -> properties(definition, fields), Set.copyOf(facts.list("required")))
        .build();
  }

  private Map<String, Schema> properties(String definition, Map<String, Field> fields) {
    Map<String, Schema> out = new LinkedHashMap<>();
    fields.forEach((name, field) -> out.put(name, field(definition, name, field.getGenericType())));
    return out;
  }

  /** The node of one field: its type's node plus the tags upstream puts on that field. */
  private Schema field(String definition, String name, Type type) {
    UpstreamTags.Facts facts = tags.field(definition, name);
    Schema.Builder b = value(type, facts.get("go")).toBuilder();
    String listType = facts.get("listType");
    if (listType != null) {
      b.listType(Schema.ListType.valueOf(listType.toUpperCase(java.util.Locale.ROOT)), facts.list("listMapKeys"));
    }
    if (facts.get("patchStrategy") != null || facts.get("patchMergeKey") != null) {
      b.patch(facts.get("patchStrategy"), facts.get("patchMergeKey"));
    }
    if (facts.get("default") != null) {
      b.defaultValue(tools.jackson.databind.node.JsonNodeFactory.instance.stringNode(facts.get("default")));
    }
    String granularity = facts.get("mapType") != null ? facts.get("mapType") : facts.get("structType");
    if (granularity != null) {
      b.atomic(granularity.equals("atomic"));
    }
    return b.build();
  }

  /** The node of a Java type; {@code go} is upstream's Go type where fabric8 reduced it to a string. */
  private Schema value(Type type, String go) {
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      Type[] args = p.getActualTypeArguments();
      if (List.class.isAssignableFrom(raw)) {
        return Schema.builder(Schema.Type.LIST).items(value(args[0], go)).build();
      }
      if (Map.class.isAssignableFrom(raw)) {
        return Schema.builder(Schema.Type.MAP).values(value(args[1], go)).build();
      }
      return any(null);
    }
    if (type instanceof WildcardType w) {
      return value(w.getUpperBounds()[0], go);
    }
    if (!(type instanceof Class<?> c)) {
      return any(null);
    }
    if (c == String.class || java.time.temporal.TemporalAccessor.class.isAssignableFrom(c)) {
      // fabric8 models a few MicroTime fields (LeaseSpec) as ZonedDateTime; on the wire they are strings too.
      return string(go);
    }
    if (c == Integer.class || c == int.class) {
      return scalar(Schema.Type.INTEGER, "int32");
    }
    if (c == Long.class || c == long.class) {
      return scalar(Schema.Type.INTEGER, "int64");
    }
    if (c == Double.class || c == double.class || c == Float.class || c == float.class) {
      return scalar(Schema.Type.NUMBER, "double");
    }
    if (c == Boolean.class || c == boolean.class) {
      return scalar(Schema.Type.BOOLEAN, null);
    }
    if (c.getPackageName().startsWith(DefinitionNames.FABRIC8) && !c.isInterface()) {
      return of(c);
    }
    // Object, JsonNode, KubernetesResource: runtime.RawExtension or free-form JSON upstream.
    return any(null);
  }

  private static Schema string(String go) {
    if (go == null) {
      return scalar(Schema.Type.STRING, null);
    }
    return switch (go) {
      case "Time", "MicroTime" -> Schema.builder(Schema.Type.STRING).definition(DefinitionNames.META + go)
          .format("date-time").build();
      case "bytes" -> scalar(Schema.Type.STRING, "byte");
      default -> throw new IllegalStateException("unknown Go type " + go + " in " + UpstreamTags.RESOURCE);
    };
  }

  private static Schema scalar(Schema.Type type, String format) {
    return Schema.builder(type).format(format).build();
  }

  private static Schema any(String definition) {
    return Schema.builder(Schema.Type.ANY).definition(definition).preserveUnknownFields(true).build();
  }

  /** The @JsonProperty fields of {@code type} by JSON name, in the class's @JsonPropertyOrder. */
  private static Map<String, Field> jsonFields(Class<?> type) {
    Map<String, Field> declared = new LinkedHashMap<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        JsonProperty p = f.getAnnotation(JsonProperty.class);
        if (p != null && !p.value().isEmpty()) {
          declared.putIfAbsent(p.value(), f);
        }
      }
    }
    JsonPropertyOrder order = type.getAnnotation(JsonPropertyOrder.class);
    if (order == null) {
      return declared;
    }
    Map<String, Field> ordered = new LinkedHashMap<>();
    for (String name : order.value()) {
      Field f = declared.remove(name);
      if (f != null) {
        ordered.put(name, f);
      }
    }
    ordered.putAll(declared);
    return ordered;
  }
}
