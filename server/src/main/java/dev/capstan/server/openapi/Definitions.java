package dev.capstan.server.openapi;

import dev.capstan.server.schema.Schema;
import dev.capstan.server.schema.SchemaModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The named schemas of the documents, written in OpenAPI v3 form ({@code #/components/schemas/<name>} references,
 * {@code allOf} around a reference that has siblings, as upstream's builder writes them). The v2 document derives
 * its definitions from these, so both versions describe the same types.
 *
 * <p>Kinds come from the {@link SchemaModel}; apimachinery's shared types that no kind reaches (list metadata,
 * Status, DeleteOptions, Patch, WatchEvent) and kinds the model does not know fall back to
 * {@code meta-definitions.json} and to a skeleton. Not thread-safe: one instance builds one generation of documents.
 */
final class Definitions {
  static final String REF_PREFIX = "#/components/schemas/";
  static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
  static final String LIST_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";
  static final String STATUS = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";
  static final String DELETE_OPTIONS = "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions";
  static final String PATCH = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
  static final String WATCH_EVENT = "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent";
  static final String GVK_EXTENSION = "x-kubernetes-group-version-kind";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Map<String, JsonNode> META = loadMeta();

  private final SchemaModel model;
  private final Map<String, ObjectNode> byName = new TreeMap<>();
  private final Map<String, Set<Gvk>> kinds = new HashMap<>();

  Definitions(SchemaModel model) {
    this.model = model;
  }

  /** A group, version and kind as {@code x-kubernetes-group-version-kind} lists them. */
  record Gvk(String group, String version, String kind) {
    static final Comparator<Gvk> ORDER = Comparator.comparing(Gvk::group).thenComparing(Gvk::version)
        .thenComparing(Gvk::kind);
  }

  /** The definition name of a kind, defined with its GVK on first use. */
  String kind(String group, String version, String kind) {
    Gvk gvk = new Gvk(group, version, kind);
    Schema root = model.kind(group, version, kind).orElse(null);
    String name = root != null && root.definition() != null ? root.definition() : fallbackName(group, version, kind);
    kinds.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(gvk);
    if (!byName.containsKey(name)) {
      if (root != null) {
        define(name, root, true);
      } else {
        byName.put(name, skeleton());
      }
    }
    return name;
  }

  /**
   * The definition name of a kind's list ({@code DeploymentList}): apiVersion, items of the kind, kind and list
   * metadata, as every list type upstream has.
   */
  String list(String group, String version, String kind) {
    String item = kind(group, version, kind);
    String name = item + "List";
    kinds.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(new Gvk(group, version, kind + "List"));
    if (!byName.containsKey(name)) {
      ObjectNode d = NODES.objectNode();
      d.put("description", kind + "List is a list of " + kind + " objects.");
      ObjectNode props = d.putObject("properties");
      props.set("apiVersion", typed("string", "The versioned schema of this representation of an object."));
      ObjectNode items = typed("array", "The objects of the list.");
      items.set("items", ref(item));
      props.set("items", items);
      props.set("kind", typed("string", "The REST resource this object represents, in CamelCase."));
      props.set("metadata", refWith(LIST_META, "Standard list metadata."));
      d.putArray("required").add("items");
      d.put("type", "object");
      byName.put(name, d);
    }
    return name;
  }

  /**
   * Every definition reachable from {@code roots} by reference, in name order, each with its GVK extension.
   * Names no kind defined are taken from the shared apimachinery types; an unknown name fails, since upstream's
   * clients refuse documents with dangling references.
   */
  Map<String, ObjectNode> closure(Set<String> roots) {
    Map<String, ObjectNode> out = new TreeMap<>();
    Deque<String> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (out.containsKey(name)) {
        continue;
      }
      ObjectNode d = resolve(name);
      out.put(name, d);
      references(d, todo);
    }
    return out;
  }

  /** Every {@code $ref} name under {@code node}, added to {@code into}. */
  static void references(JsonNode node, java.util.Collection<String> into) {
    if (node.isObject()) {
      JsonNode r = node.get("$ref");
      if (r != null && r.isString() && r.asString().startsWith(REF_PREFIX)) {
        into.add(r.asString().substring(REF_PREFIX.length()));
      }
      node.properties().forEach(e -> references(e.getValue(), into));
    } else if (node.isArray()) {
      node.forEach(n -> references(n, into));
    }
  }

  private ObjectNode resolve(String name) {
    ObjectNode d = byName.get(name);
    if (d == null) {
      Schema named = model.definition(name).orElse(null);
      if (named != null) {
        define(name, named, true);
      } else if (META.containsKey(name)) {
        byName.put(name, (ObjectNode) META.get(name).deepCopy());
      } else {
        throw new IllegalStateException("no schema for definition " + name);
      }
      d = byName.get(name);
    }
    Set<Gvk> gvks = kinds.get(name);
    if (gvks != null && !d.has(GVK_EXTENSION)) {
      ArrayNode list = d.putArray(GVK_EXTENSION);
      gvks.stream().sorted(Gvk.ORDER).forEach(g -> {
        ObjectNode o = list.addObject();
        o.put("group", g.group());
        o.put("kind", g.kind());
        o.put("version", g.version());
      });
    }
    return d;
  }

  /** Registers {@code name} from a node; a node met as a field carries the field's description, not the type's. */
  private void define(String name, Schema s, boolean ownDescription) {
    ObjectNode d = NODES.objectNode();
    byName.put(name, d); // before the properties, so recursive types refer back instead of looping
    body(d, s, ownDescription ? s.description() : "", false);
  }

  /** The JSON of one position: a reference to its named type, or the type written in place. */
  private ObjectNode position(Schema s) {
    if (s.definition() == null) {
      ObjectNode inline = NODES.objectNode();
      body(inline, s, s.description(), true);
      return inline;
    }
    String name = s.definition();
    Schema own = model.definition(name).orElse(null);
    if (!byName.containsKey(name)) {
      if (own != null) {
        define(name, own, true);
      } else {
        define(name, s, false);
      }
    }
    ObjectNode siblings = NODES.objectNode();
    // A position without a description of its own shows its type's; that one belongs to the definition only.
    if (!s.description().isEmpty() && (own == null || !own.description().equals(s.description()))) {
      siblings.put("description", s.description());
    }
    patchTags(siblings, s);
    if (siblings.isEmpty()) {
      return ref(name);
    }
    ObjectNode wrapped = NODES.objectNode();
    wrapped.putArray("allOf").add(ref(name));
    wrapped.setAll(siblings);
    return wrapped;
  }

  private void body(ObjectNode d, Schema s, String description, boolean fieldTags) {
    if (!description.isEmpty()) {
      d.put("description", description);
    }
    switch (s.type()) {
      case OBJECT -> {
        ObjectNode props = d.putObject("properties");
        s.properties().forEach((field, node) -> props.set(field, position(node)));
        List<String> required = new ArrayList<>();
        s.properties().keySet().stream().filter(s.required()::contains).forEach(required::add);
        if (!required.isEmpty()) {
          ArrayNode r = d.putArray("required");
          required.forEach(r::add);
        }
        d.put("type", "object");
      }
      case MAP -> {
        d.set("additionalProperties", position(s.values()));
        d.put("type", "object");
      }
      case LIST -> {
        d.set("items", position(s.items()));
        d.put("type", "array");
      }
      case STRING -> d.put("type", "string");
      case INTEGER -> d.put("type", "integer");
      case NUMBER -> d.put("type", "number");
      case BOOLEAN -> d.put("type", "boolean");
      case INT_OR_STRING -> d.put("x-kubernetes-int-or-string", true);
      case ANY -> d.put("type", "object");
    }
    if (s.format() != null) {
      d.put("format", s.format());
    }
    if (s.defaultValue() != null) {
      d.set("default", s.defaultValue());
    }
    if (s.type() == Schema.Type.LIST) {
      if (!s.listMapKeys().isEmpty()) {
        ArrayNode keys = d.putArray("x-kubernetes-list-map-keys");
        s.listMapKeys().forEach(keys::add);
      }
      if (s.listTypeDeclared()) {
        d.put("x-kubernetes-list-type", s.listType().name().toLowerCase(java.util.Locale.ROOT));
      }
    }
    if (s.atomic() && (s.type() == Schema.Type.OBJECT || s.type() == Schema.Type.MAP)) {
      d.put("x-kubernetes-map-type", "atomic");
    }
    if (fieldTags) {
      patchTags(d, s);
    }
    if (s.preserveUnknownFields() && s.type() != Schema.Type.INT_OR_STRING) {
      d.put("x-kubernetes-preserve-unknown-fields", true);
    }
  }

  private static void patchTags(ObjectNode d, Schema s) {
    if (s.patchMergeKey() != null) {
      d.put("x-kubernetes-patch-merge-key", s.patchMergeKey());
    }
    if (s.patchStrategy() != null) {
      d.put("x-kubernetes-patch-strategy", s.patchStrategy());
    }
  }

  /** A kind the model has no schema for: its type fields and metadata, and whatever else it holds kept as is. */
  private static ObjectNode skeleton() {
    ObjectNode d = NODES.objectNode();
    ObjectNode props = d.putObject("properties");
    props.set("apiVersion", typed("string", "The versioned schema of this representation of an object."));
    props.set("kind", typed("string", "The REST resource this object represents, in CamelCase."));
    props.set("metadata", refWith(OBJECT_META, "Standard object's metadata."));
    d.put("type", "object");
    d.put("x-kubernetes-preserve-unknown-fields", true);
    return d;
  }

  /**
   * Upstream's definition name for a kind without a model: {@code io.k8s.api.<group>.<version>.<Kind>} for
   * Kubernetes' own groups (the group's first label, {@code core} for the legacy group), the reversed group for
   * others, as custom resources are named.
   */
  static String fallbackName(String group, String version, String kind) {
    if (group.isEmpty()) {
      return "io.k8s.api.core." + version + "." + kind;
    }
    if (group.equals("apiextensions.k8s.io")) {
      return "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions." + version + "." + kind;
    }
    if (group.equals("apiregistration.k8s.io")) {
      return "io.k8s.kube-aggregator.pkg.apis.apiregistration." + version + "." + kind;
    }
    if (group.endsWith(".k8s.io") || !group.contains(".")) {
      return "io.k8s.api." + group.split("\\.")[0] + "." + version + "." + kind;
    }
    List<String> labels = new ArrayList<>(List.of(group.split("\\.")));
    java.util.Collections.reverse(labels);
    return String.join(".", labels) + "." + version + "." + kind;
  }

  static ObjectNode ref(String name) {
    ObjectNode r = NODES.objectNode();
    r.put("$ref", REF_PREFIX + name);
    return r;
  }

  static ObjectNode refWith(String name, String description) {
    ObjectNode r = NODES.objectNode();
    r.putArray("allOf").add(ref(name));
    r.put("description", description);
    return r;
  }

  private static ObjectNode typed(String type, String description) {
    ObjectNode n = NODES.objectNode();
    n.put("description", description);
    n.put("type", type);
    return n;
  }

  private static Map<String, JsonNode> loadMeta() {
    try (InputStream in = Definitions.class.getResourceAsStream("meta-definitions.json")) {
      if (in == null) {
        throw new IllegalStateException("meta-definitions.json is missing from the build");
      }
      Map<String, JsonNode> out = new HashMap<>();
      JsonMapper.builder().build().readTree(in).properties().forEach(e -> out.put(e.getKey(), e.getValue()));
      return Map.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
