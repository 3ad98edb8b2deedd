package dev.capstan.server.handlers;

import dev.capstan.api.AuthorizationAttributes;
import dev.capstan.api.Authorizer;
import dev.capstan.api.Decision;
import dev.capstan.api.KubeObject;
import dev.capstan.api.UserInfo;
import dev.capstan.server.registry.ResourceDefinition;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The self-reviews, which are asked, not stored: {@code SelfSubjectReview} (kubectl auth whoami) answers who the
 * caller is; {@code SelfSubjectAccessReview} (kubectl auth can-i) asks the authorizer on the caller's behalf.
 */
public final class ReviewHandler {
  private final Authorizer authorizer;

  public ReviewHandler(Authorizer authorizer) {
    this.authorizer = authorizer;
  }

  /** The two review resources, create-only and cluster-scoped, for the catalog. */
  public static List<ResourceDefinition> definitions() {
    return List.of(
        ResourceDefinition.builder("authentication.k8s.io", "v1", "selfsubjectreviews", "SelfSubjectReview")
            .clusterScoped().verbs("create").build(),
        ResourceDefinition.builder("authorization.k8s.io", "v1", "selfsubjectaccessreviews",
            "SelfSubjectAccessReview").clusterScoped().verbs("create").build());
  }

  /** True when {@code d} is a review this handler answers. */
  static boolean handles(ResourceDefinition d) {
    return d.resource().equals("selfsubjectreviews") || d.resource().equals("selfsubjectaccessreviews");
  }

  void create(Context ctx, ResourceDefinition d, KubeObject request, UserInfo user) {
    ObjectNode out = Encoding.JSON.createObjectNode();
    out.put("kind", d.kind());
    out.put("apiVersion", d.apiVersion());
    out.putObject("metadata").putNull("creationTimestamp");
    if (d.resource().equals("selfsubjectreviews")) {
      ObjectNode info = out.putObject("status").putObject("userInfo");
      info.put("username", user.name());
      if (!user.uid().isEmpty()) {
        info.put("uid", user.uid());
      }
      ArrayNode groups = info.putArray("groups");
      user.groups().forEach(groups::add);
      if (!user.extra().isEmpty()) {
        ObjectNode extra = info.putObject("extra");
        for (Map.Entry<String, List<String>> e : user.extra().entrySet()) {
          ArrayNode values = extra.putArray(e.getKey());
          e.getValue().forEach(values::add);
        }
      }
    } else {
      JsonNode spec = request.node().path("spec");
      out.set("spec", spec.deepCopy());
      JsonNode r = spec.path("resourceAttributes");
      JsonNode n = spec.path("nonResourceAttributes");
      AuthorizationAttributes attributes = r.isObject()
          ? new AuthorizationAttributes(user, r.path("verb").asString(""), r.path("namespace").asString(""),
              r.path("group").asString(""), r.path("version").asString(""), r.path("resource").asString(""),
              r.path("subresource").asString(""), r.path("name").asString(""), true, "")
          : new AuthorizationAttributes(user, n.path("verb").asString(""), "", "", "", "", "", "", false,
              n.path("path").asString(""));
      Decision decision = authorizer.authorize(attributes);
      ObjectNode status = out.putObject("status");
      status.put("allowed", decision.verdict() == Decision.Verdict.ALLOW);
      if (decision.verdict() == Decision.Verdict.DENY) {
        status.put("denied", true);
      }
      if (!decision.reason().isEmpty()) {
        status.put("reason", decision.reason());
      }
    }
    ctx.status(201);
    ctx.contentType("application/json");
    ctx.result(Encoding.JSON.writeValueAsBytes(out));
  }
}
