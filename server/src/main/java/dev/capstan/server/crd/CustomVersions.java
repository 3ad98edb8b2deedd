package dev.capstan.server.crd;

import dev.capstan.api.GroupResource;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.registry.Selectors;
import dev.capstan.server.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The served resources one CustomResourceDefinition defines: one definition per served version, named by the CRD's
 * accepted names, all stored under {@code /registry/<group>/<plural>/} in the storage version.
 */
final class CustomVersions {
  /** How a version's schema, converter and table are made; the controller supplies the real ones. */
  interface Parts {
    VersionSchema schema(JsonNode version, Schema objectMeta);

    VersionConverter converter(JsonNode crdSpec);

    ResourceDefinition.Builder table(ResourceDefinition.Builder b, JsonNode version);
  }

  /** One served version: its definition and its schema. */
  record Served(ResourceDefinition definition, VersionSchema schema) {}

  /** The verbs upstream lists for custom resources, in its order (not the alphabetical one of built-ins). */
  private static final String[] VERBS = {"delete", "deletecollection", "get", "list", "patch", "create", "update",
      "watch"};

  private CustomVersions() {}

  static List<Served> of(KubeObject crd, Parts parts, Schema objectMeta, BooleanSupplier terminating) {
    JsonNode spec = crd.node().path("spec");
    JsonNode names = crd.node().path("status").path("acceptedNames");
    String group = spec.path("group").asString("");
    String plural = spec.path("names").path("plural").asString("");
    String kind = names.path("kind").asString("");
    String storageVersion = "";
    for (JsonNode v : spec.path("versions")) {
      if (v.path("storage").asBoolean(false)) {
        storageVersion = v.path("name").asString("");
      }
    }
    String storage = group + "/" + storageVersion;
    VersionConverter converter = parts.converter(spec);
    List<Served> out = new ArrayList<>();
    for (JsonNode v : spec.path("versions")) {
      if (!v.path("served").asBoolean(false)) {
        continue;
      }
      String version = v.path("name").asString("");
      VersionSchema schema = parts.schema(v, objectMeta);
      ResourceDefinition.Builder b = ResourceDefinition.builder(group, version, plural, kind)
          .singular(names.path("singular").asString(""))
          .shortNames(strings(names.path("shortNames")))
          .categories(strings(names.path("categories")))
          .listKind(names.path("listKind").asString(kind + "List"))
          .keyPrefix("/registry/" + group + "/" + plural + "/")
          .verbs(VERBS)
          .storageVersion(storageVersion)
          .terminating(terminating.getAsBoolean())
          .custom()
          .generation()
          .strategy(new CustomResourceStrategy(schema, terminating, new GroupResource(group, plural)))
          .conversion(new CustomConversion(group + "/" + version, storage, converter, schema));
      if (spec.path("scope").asString("").equals("Cluster")) {
        b.clusterScoped();
      }
      JsonNode subresources = v.path("subresources");
      if (subresources.has("status")) {
        b.statusSubresource();
      }
      JsonNode scale = subresources.path("scale");
      if (scale.isObject()) {
        String selectorPath = dotted(scale.path("labelSelectorPath").asString(""));
        Function<KubeObject, String> selector = selectorPath.isEmpty() ? o -> ""
            : o -> Selectors.fieldValue(o, selectorPath);
        b.scaleSubresource(new ResourceDefinition.Scale(dotted(scale.path("specReplicasPath").asString("")),
            dotted(scale.path("statusReplicasPath").asString("")), selector));
      }
      for (JsonNode field : v.path("selectableFields")) {
        String path = dotted(field.path("jsonPath").asString(""));
        b.fieldSelector(path, o -> Selectors.fieldValue(o, path));
      }
      if (v.path("deprecated").asBoolean(false)) {
        String warning = v.path("deprecationWarning").asString("");
        b.deprecationWarning(warning.isEmpty() ? group + "/" + version + " " + kind + " is deprecated" : warning);
      }
      out.add(new Served(parts.table(b, v).build(), schema));
    }
    return out;
  }

  /** A CRD's JSON path ({@code .spec.replicas}) as the registry's dotted path ({@code spec.replicas}). */
  private static String dotted(String jsonPath) {
    return jsonPath.startsWith(".") ? jsonPath.substring(1) : jsonPath;
  }

  private static String[] strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asString("")));
    return out.toArray(String[]::new);
  }
}
