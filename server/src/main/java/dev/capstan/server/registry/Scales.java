package dev.capstan.server.registry;

import dev.capstan.api.ApiException;
import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The {@code autoscaling/v1 Scale} view of a resource with a {@code /scale} subresource. */
final class Scales {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Scales() {}

  /** The Scale of {@code o}: its identity, desired replicas, observed replicas and selector. */
  static KubeObject of(ResourceDefinition d, KubeObject o) {
    ObjectNode scale = JSON.createObjectNode();
    scale.put("kind", "Scale").put("apiVersion", "autoscaling/v1");
    ObjectNode meta = scale.putObject("metadata");
    meta.put("name", o.name());
    if (!o.namespace().isEmpty()) {
      meta.put("namespace", o.namespace());
    }
    meta.put("uid", o.uid());
    meta.put("resourceVersion", o.resourceVersion());
    meta.set("creationTimestamp", o.metadata().path("creationTimestamp").deepCopy());
    long desired = at(o.node(), d.scale().specReplicasPath()).asLong(0);
    ObjectNode spec = scale.putObject("spec");
    if (desired != 0) {
      spec.put("replicas", desired);
    }
    ObjectNode status = scale.putObject("status");
    status.put("replicas", at(o.node(), d.scale().statusReplicasPath()).asLong(0));
    String selector = d.scale().selector().apply(o);
    if (!selector.isEmpty()) {
      status.put("selector", selector);
    }
    return KubeObject.wrap(scale);
  }

  /** Sets the desired replicas of {@code target} from {@code scale}, checked as upstream checks a Scale. */
  static void apply(ResourceDefinition d, KubeObject scale, KubeObject target) {
    JsonNode replicas = scale.node().path("spec").path("replicas");
    if (!replicas.isMissingNode() && !replicas.isNull() && !replicas.isIntegralNumber()) {
      throw ApiException.badRequest("Scale in version \"v1\" cannot be handled as a Scale: json: cannot unmarshal "
          + replicas.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " into Go struct field "
          + "ScaleSpec.spec.replicas of type int32");
    }
    long value = replicas.asLong(0);
    if (value < 0) {
      throw FieldError.invalid("autoscaling", "Scale.autoscaling", "Scale", target.name(),
          List.of(FieldError.invalid("spec.replicas", value, "must be greater than or equal to 0")));
    }
    String[] path = d.scale().specReplicasPath().split("\\.");
    ObjectNode parent = target.node();
    for (int i = 0; i < path.length - 1; i++) {
      JsonNode child = parent.get(path[i]);
      parent = child instanceof ObjectNode n ? n : parent.putObject(path[i]);
    }
    parent.put(path[path.length - 1], value);
  }

  private static JsonNode at(JsonNode root, String path) {
    JsonNode n = root;
    for (String segment : path.split("\\.")) {
      n = n.path(segment);
    }
    return n;
  }
}
