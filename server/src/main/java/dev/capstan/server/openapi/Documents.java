package dev.capstan.server.openapi;

import dev.capstan.server.openapi.Operations.Operation;
import dev.capstan.server.openapi.Operations.Param;
import dev.capstan.server.openapi.Operations.PathItem;
import dev.capstan.server.openapi.Operations.Response;
import dev.capstan.server.openapi.Operations.Subject;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.schema.SchemaModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the OpenAPI documents of one set of served resources: one v3 document per group version (paths of that
 * group version and the definitions they reach) and the v2 document of everything. Pure: the same resources and
 * schemas give byte-identical documents, which keeps the hashes clients cache by stable across restarts.
 */
final class Documents {
  static final String TITLE = "Kubernetes";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> METHOD_ORDER = List.of("get", "put", "post", "delete", "patch");

  private final Map<String, List<PathItem>> pathsByGroupVersion = new TreeMap<>();
  private final Definitions definitions;
  private final String version;

  /**
   * @param strategicMerge which resources accept strategic merge patches (built-ins; custom resources do not)
   * @param version the {@code info.version} both documents carry, e.g. {@code v1.33.0}
   */
  Documents(List<ResourceDefinition> resources, SchemaModel model, Predicate<ResourceDefinition> strategicMerge,
      String version) {
    this.definitions = new Definitions(model);
    this.version = version;
    for (ResourceDefinition d : resources) {
      List<PathItem> paths = pathsByGroupVersion.computeIfAbsent(key(d.group(), d.version()), k -> new ArrayList<>());
      boolean smp = strategicMerge.test(d);
      paths.addAll(Operations.of(d, definitions, smp));
      paths.addAll(Operations.subresources(d, definitions, smp));
    }
    pathsByGroupVersion.values().forEach(l -> l.sort(java.util.Comparator.comparing(PathItem::path)));
  }

  /** {@code api/v1} or {@code apis/apps/v1}: the index key and URL suffix of a group version's v3 document. */
  static String key(String group, String version) {
    return group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
  }

  /** The group versions with a v3 document, as index keys, sorted. */
  Set<String> groupVersions() {
    return pathsByGroupVersion.keySet();
  }

  /** The v3 document of one group version, or null when none is served. */
  ObjectNode v3(String key) {
    List<PathItem> items = pathsByGroupVersion.get(key);
    if (items == null) {
      return null;
    }
    ObjectNode doc = NODES.objectNode();
    doc.put("openapi", "3.0.0");
    ObjectNode info = doc.putObject("info");
    info.put("title", TITLE);
    info.put("version", version);
    Set<String> roots = new LinkedHashSet<>();
    writePaths(doc.putObject("paths"), items, o -> v3Operation(o, roots), Documents::v3Param);
    ObjectNode components = doc.putObject("components");
    ObjectNode schemas = components.putObject("schemas");
    definitions.closure(roots).forEach(schemas::set);
    bearerToken(doc, components.putObject("securitySchemes"));
    return doc;
  }

  /** Each path item: its operations in upstream's order, then its shared parameters, in one version's form. */
  private static void writePaths(ObjectNode paths, java.util.Collection<PathItem> items,
      java.util.function.Function<Operation, ObjectNode> operation,
      java.util.function.Function<Param, ObjectNode> param) {
    for (PathItem p : items) {
      ObjectNode item = paths.putObject(p.path());
      for (Operation o : ordered(p.operations())) {
        item.set(o.method(), operation.apply(o));
      }
      ArrayNode params = item.putArray("parameters");
      p.params().forEach(x -> params.add(param.apply(x)));
    }
  }

  /** The bearer-token security scheme both versions declare (v3 under components, v2 at the top). */
  private static void bearerToken(ObjectNode doc, ObjectNode schemes) {
    ObjectNode bearer = schemes.putObject("BearerToken");
    bearer.put("description", "Bearer Token authentication");
    bearer.put("in", "header");
    bearer.put("name", "authorization");
    bearer.put("type", "apiKey");
    doc.putArray("security").addObject().putArray("BearerToken");
  }

  private ObjectNode v3Operation(Operation o, Set<String> roots) {
    ObjectNode op = NODES.objectNode();
    op.put("description", o.description());
    op.put("operationId", o.operationId());
    if (!o.params().isEmpty()) {
      ArrayNode params = op.putArray("parameters");
      o.params().forEach(x -> params.add(v3Param(x)));
    }
    if (o.body() != null) {
      roots.add(o.body());
      ObjectNode body = op.putObject("requestBody");
      ObjectNode content = body.putObject("content");
      o.consumes().stream().sorted().forEach(t -> content.putObject(t).set("schema", Definitions.ref(o.body())));
      if (o.bodyRequired()) {
        body.put("required", true);
      }
    }
    ObjectNode responses = op.putObject("responses");
    for (Response r : o.responses()) {
      ObjectNode resp = responses.putObject(r.code());
      if (!r.code().equals("401")) {
        ObjectNode content = resp.putObject("content");
        for (String t : o.produces()) {
          content.putObject(t).set("schema", responseSchema(r, roots));
        }
      }
      resp.put("description", r.description());
    }
    op.putArray("tags").add(o.tag());
    op.put("x-kubernetes-action", o.action());
    op.set("x-kubernetes-group-version-kind", gvk(o.subject()));
    return op;
  }

  private static ObjectNode responseSchema(Response r, Set<String> roots) {
    if (r.definition() == null) {
      ObjectNode s = NODES.objectNode();
      s.put("type", "string");
      return s;
    }
    roots.add(r.definition());
    return Definitions.ref(r.definition());
  }

  private static ObjectNode v3Param(Param p) {
    ObjectNode n = NODES.objectNode();
    n.put("description", p.description());
    n.put("in", p.in());
    n.put("name", p.name());
    if (p.required()) {
      n.put("required", true);
    }
    ObjectNode schema = n.putObject("schema");
    schema.put("type", p.type());
    schema.put("uniqueItems", true);
    return n;
  }

  /** The v2 document of every group version. */
  ObjectNode v2() {
    ObjectNode doc = NODES.objectNode();
    doc.put("swagger", "2.0");
    ObjectNode info = doc.putObject("info");
    info.put("title", TITLE);
    info.put("version", version);
    Set<String> roots = new LinkedHashSet<>();
    Map<String, PathItem> all = new TreeMap<>();
    pathsByGroupVersion.values().forEach(l -> l.forEach(p -> all.put(p.path(), p)));
    writePaths(doc.putObject("paths"), all.values(), o -> v2Operation(o, roots), Documents::v2Param);
    ObjectNode defs = doc.putObject("definitions");
    definitions.closure(roots).forEach((name, schema) -> defs.set(name, toV2Schema(schema)));
    bearerToken(doc, doc.putObject("securityDefinitions"));
    return doc;
  }

  private ObjectNode v2Operation(Operation o, Set<String> roots) {
    ObjectNode op = NODES.objectNode();
    if (o.body() != null) {
      ArrayNode consumes = op.putArray("consumes");
      o.consumes().forEach(consumes::add);
    }
    op.put("description", o.description());
    op.put("operationId", o.operationId());
    ArrayNode params = op.putArray("parameters");
    if (o.body() != null) {
      roots.add(o.body());
      ObjectNode body = params.addObject();
      body.put("in", "body");
      body.put("name", "body");
      if (o.bodyRequired()) {
        body.put("required", true);
      }
      body.set("schema", v2Ref(o.body()));
    }
    o.params().forEach(x -> params.add(v2Param(x)));
    if (params.isEmpty()) {
      op.remove("parameters");
    }
    ArrayNode produces = op.putArray("produces");
    o.produces().forEach(produces::add);
    ObjectNode responses = op.putObject("responses");
    for (Response r : o.responses()) {
      ObjectNode resp = responses.putObject(r.code());
      resp.put("description", r.description());
      if (!r.code().equals("401")) {
        if (r.definition() == null) {
          resp.putObject("schema").put("type", "string");
        } else {
          roots.add(r.definition());
          resp.set("schema", v2Ref(r.definition()));
        }
      }
    }
    op.putArray("schemes").add("https");
    op.putArray("tags").add(o.tag());
    op.put("x-kubernetes-action", o.action());
    op.set("x-kubernetes-group-version-kind", gvk(o.subject()));
    return op;
  }

  private static ObjectNode v2Param(Param p) {
    ObjectNode n = NODES.objectNode();
    n.put("description", p.description());
    n.put("in", p.in());
    n.put("name", p.name());
    if (p.required()) {
      n.put("required", true);
    }
    n.put("type", p.type());
    n.put("uniqueItems", true);
    return n;
  }

  /**
   * A v3 schema in v2 form: references point into {@code #/definitions/}, and a reference wrapped in {@code allOf}
   * to carry siblings becomes a plain {@code $ref} with those siblings, as upstream's v2 writes fields.
   */
  static JsonNode toV2Schema(JsonNode v3) {
    if (v3.isArray()) {
      ArrayNode out = NODES.arrayNode();
      v3.forEach(n -> out.add(toV2Schema(n)));
      return out;
    }
    if (!v3.isObject()) {
      return v3;
    }
    ObjectNode out = NODES.objectNode();
    JsonNode allOf = v3.get("allOf");
    boolean unwrap = allOf != null && allOf.size() == 1 && allOf.get(0).has("$ref");
    if (unwrap) {
      out.put("$ref", v2RefText(allOf.get(0).get("$ref").asString()));
    }
    for (Map.Entry<String, JsonNode> e : v3.properties()) {
      String k = e.getKey();
      if (unwrap && k.equals("allOf")) {
        continue;
      }
      if (k.equals("$ref")) {
        out.put("$ref", v2RefText(e.getValue().asString()));
      } else if (k.equals("properties")) {
        ObjectNode props = out.putObject("properties");
        e.getValue().properties().forEach(p -> props.set(p.getKey(), toV2Schema(p.getValue())));
      } else if (k.equals("items") || k.equals("additionalProperties")) {
        out.set(k, toV2Schema(e.getValue()));
      } else {
        out.set(k, e.getValue().deepCopy());
      }
    }
    return out;
  }

  private static ObjectNode v2Ref(String definition) {
    ObjectNode r = NODES.objectNode();
    r.put("$ref", "#/definitions/" + definition);
    return r;
  }

  private static String v2RefText(String v3Ref) {
    return v3Ref.startsWith(Definitions.REF_PREFIX)
        ? "#/definitions/" + v3Ref.substring(Definitions.REF_PREFIX.length()) : v3Ref;
  }

  private static ObjectNode gvk(Subject s) {
    ObjectNode n = NODES.objectNode();
    n.put("group", s.group());
    n.put("kind", s.kind());
    n.put("version", s.version());
    return n;
  }

  private static List<Operation> ordered(List<Operation> ops) {
    Map<String, Operation> byMethod = new LinkedHashMap<>();
    METHOD_ORDER.forEach(m -> ops.stream().filter(o -> o.method().equals(m)).findFirst()
        .ifPresent(o -> byMethod.put(m, o)));
    return List.copyOf(byMethod.values());
  }
}
