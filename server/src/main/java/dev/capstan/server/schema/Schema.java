package dev.capstan.server.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The shape of one JSON value at one position of a kind: the facts that OpenAPI, strategic merge patch,
 * server-side apply and field validation share. One model serves built-in kinds (from the fabric8 model
 * classes plus upstream's list and patch tags) and, later, custom resources (from their OpenAPI schema).
 *
 * <p>Positions, not types: a named object type (say {@code io.k8s.api.core.v1.Container}) is shared by
 * every field that holds it, but the tags a field adds ({@code patchStrategy}, {@code listType}, ...)
 * belong to that field's node. Properties of an object are built on first use so recursive types
 * (JSONSchemaProps) are finite. Immutable and thread-safe once built.
 */
public final class Schema {
  /** The JSON kind of a value; INT_OR_STRING and ANY are Kubernetes' {@code int-or-string} and free-form. */
  public enum Type { OBJECT, MAP, LIST, STRING, INTEGER, NUMBER, BOOLEAN, INT_OR_STRING, ANY }

  /** Upstream list semantics ({@code x-kubernetes-list-type}); ATOMIC when a list has none. */
  public enum ListType { ATOMIC, SET, MAP }

  private final Type type;
  private final String definition;
  private final String format;
  private final String description;
  private final Properties properties;
  private final Schema items;
  private final Schema values;
  private final ListType listType;
  private final boolean listTypeDeclared;
  private final List<String> listMapKeys;
  private final tools.jackson.databind.JsonNode defaultValue;
  private final String patchStrategy;
  private final String patchMergeKey;
  private final boolean atomic;
  private final boolean preserveUnknownFields;

  private Schema(Builder b) {
    this.type = Objects.requireNonNull(b.type, "type");
    this.definition = b.definition;
    this.format = b.format;
    this.description = b.description == null ? "" : b.description;
    this.properties = b.properties;
    this.items = b.items;
    this.values = b.values;
    this.listType = b.listType;
    this.listTypeDeclared = b.listTypeDeclared;
    this.defaultValue = b.defaultValue;
    this.listMapKeys = List.copyOf(b.listMapKeys);
    this.patchStrategy = b.patchStrategy;
    this.patchMergeKey = b.patchMergeKey;
    this.atomic = b.atomic;
    this.preserveUnknownFields = b.preserveUnknownFields;
    if (type == Type.LIST && items == null) {
      throw new IllegalArgumentException("a list needs an item schema");
    }
    if (listType == ListType.MAP && listMapKeys.isEmpty()) {
      throw new IllegalArgumentException("a map list needs its keys");
    }
  }

  public static Builder builder(Type type) {
    return new Builder(type);
  }

  /** A builder holding this node's facts, to derive a node for a field with its own tags. */
  public Builder toBuilder() {
    Builder b = new Builder(type);
    b.definition = definition;
    b.format = format;
    b.description = description;
    b.properties = properties;
    b.items = items;
    b.values = values;
    b.listType = listType;
    b.listTypeDeclared = listTypeDeclared;
    b.defaultValue = defaultValue;
    b.listMapKeys = listMapKeys;
    b.patchStrategy = patchStrategy;
    b.patchMergeKey = patchMergeKey;
    b.atomic = atomic;
    b.preserveUnknownFields = preserveUnknownFields;
    return b;
  }

  public Type type() {
    return type;
  }

  /** The upstream definition name of a named object type ({@code io.k8s.api.apps.v1.DeploymentSpec}), else null. */
  public String definition() {
    return definition;
  }

  /** The OpenAPI format ({@code int32}, {@code int64}, {@code date-time}, {@code byte}, ...), else null. */
  public String format() {
    return format;
  }

  public String description() {
    return description;
  }

  /** The fields of an OBJECT in upstream's order; empty for other types. */
  public Map<String, Schema> properties() {
    return properties == null ? Map.of() : properties.get();
  }

  /** The field's node, or null when the object has no such field. */
  public Schema property(String name) {
    return properties().get(name);
  }

  /** The names of the fields an OBJECT requires. */
  public Set<String> required() {
    return properties == null ? Set.of() : properties.required;
  }

  /** The item node of a LIST, else null. */
  public Schema items() {
    return items;
  }

  /** The value node of a MAP (string keys), else null. */
  public Schema values() {
    return values;
  }

  public ListType listType() {
    return listType;
  }

  /** True when the list type was stated ({@code x-kubernetes-list-type}); otherwise {@link #listType} is ATOMIC. */
  public boolean listTypeDeclared() {
    return listTypeDeclared;
  }

  /** The value upstream defaults this field to when absent ({@code default}), else null. */
  public tools.jackson.databind.JsonNode defaultValue() {
    return defaultValue;
  }

  /** The keys identifying an item of a MAP list ({@code x-kubernetes-list-map-keys}). */
  public List<String> listMapKeys() {
    return listMapKeys;
  }

  /** The strategic merge patch strategy of this field ({@code merge}, {@code replace}, {@code retainKeys},
   *  {@code merge,retainKeys}), else null. */
  public String patchStrategy() {
    return patchStrategy;
  }

  /** The strategic merge key of a list of objects, else null. */
  public String patchMergeKey() {
    return patchMergeKey;
  }

  /** True when an OBJECT or MAP is replaced as a whole by apply ({@code x-kubernetes-map-type: atomic}). */
  public boolean atomic() {
    return atomic;
  }

  /** True when fields not listed are kept ({@code x-kubernetes-preserve-unknown-fields}). */
  public boolean preserveUnknownFields() {
    return preserveUnknownFields || type == Type.ANY;
  }

  @Override
  public String toString() {
    return definition != null ? definition : type.name().toLowerCase();
  }

  /** An OBJECT's fields, built once on first use. */
  private static final class Properties {
    private final Supplier<Map<String, Schema>> supplier;
    private final Set<String> required;
    private volatile Map<String, Schema> built;

    Properties(Supplier<Map<String, Schema>> supplier, Set<String> required) {
      this.supplier = supplier;
      this.required = Set.copyOf(required);
    }

    Map<String, Schema> get() {
      Map<String, Schema> m = built;
      if (m == null) {
        synchronized (this) {
          m = built;
          if (m == null) {
            m = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(supplier.get()));
            built = m;
          }
        }
      }
      return m;
    }
  }

  /** Builds one node; {@link #properties(Supplier, Set)} may refer back to the node being built. */
  public static final class Builder {
    private final Type type;
    private String definition;
    private String format;
    private String description;
    private Properties properties;
    private Schema items;
    private Schema values;
    private ListType listType = ListType.ATOMIC;
    private boolean listTypeDeclared;
    private tools.jackson.databind.JsonNode defaultValue;
    private List<String> listMapKeys = List.of();
    private String patchStrategy;
    private String patchMergeKey;
    private boolean atomic;
    private boolean preserveUnknownFields;

    private Builder(Type type) {
      this.type = type;
    }

    public Builder definition(String name) {
      this.definition = name;
      return this;
    }

    public Builder format(String format) {
      this.format = format;
      return this;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** The fields of an OBJECT, computed on first use (in order), and the required ones. */
    public Builder properties(Supplier<Map<String, Schema>> fields, Set<String> required) {
      this.properties = new Properties(fields, required);
      return this;
    }

    public Builder properties(Map<String, Schema> fields) {
      Map<String, Schema> copy = new LinkedHashMap<>(fields);
      return properties(() -> copy, Set.of());
    }

    public Builder items(Schema items) {
      this.items = items;
      return this;
    }

    public Builder values(Schema values) {
      this.values = values;
      return this;
    }

    public Builder listType(ListType listType, List<String> mapKeys) {
      this.listType = Objects.requireNonNull(listType);
      this.listTypeDeclared = true;
      this.listMapKeys = List.copyOf(mapKeys);
      return this;
    }

    public Builder defaultValue(tools.jackson.databind.JsonNode value) {
      this.defaultValue = value;
      return this;
    }

    public Builder patch(String strategy, String mergeKey) {
      this.patchStrategy = strategy;
      this.patchMergeKey = mergeKey;
      return this;
    }

    public Builder atomic(boolean atomic) {
      this.atomic = atomic;
      return this;
    }

    public Builder preserveUnknownFields(boolean preserve) {
      this.preserveUnknownFields = preserve;
      return this;
    }

    public Schema build() {
      return new Schema(this);
    }
  }
}
