package dev.capstan.server.handlers;

import dev.capstan.api.AuthorizationAttributes;
import dev.capstan.api.Authorizer;
import dev.capstan.api.Decision;
import dev.capstan.api.KubeObject;
import dev.capstan.api.UserInfo;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.http.ApiHttpServer;
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
        ResourceDefinition.builder("authentication.k8s.io", "v1", "tokenreviews", "TokenReview")
            .clusterScoped().verbs("create").build(),
        ResourceDefinition.builder("authorization.k8s.io", "v1", "localsubjectaccessreviews",
            "LocalSubjectAccessReview").verbs("create").build(),
        ResourceDefinition.builder("authorization.k8s.io", "v1", "selfsubjectaccessreviews",
            "SelfSubjectAccessReview").clusterScoped().verbs("create").build(),
        ResourceDefinition.builder("authorization.k8s.io", "v1", "selfsubjectrulesreviews",
            "SelfSubjectRulesReview").clusterScoped().verbs("create").build(),
        ResourceDefinition.builder("authorization.k8s.io", "v1", "subjectaccessreviews",
            "SubjectAccessReview").clusterScoped().verbs("create").build());
  }

  /** True when {@code d} is a review this handler answers. */
  static boolean handles(ResourceDefinition d) {
    return d.group().equals("authentication.k8s.io") || d.group().equals("authorization.k8s.io");
  }

  void create(Context ctx, ResourceDefinition d, KubeObject request, UserInfo user) {
    ObjectNode out = Encoding.JSON.createObjectNode();
    out.put("kind", d.kind());
    out.put("apiVersion", d.apiVersion());
    out.putObject("metadata").putNull("creationTimestamp");
    if (d.resource().equals("tokenreviews")) {
      // No token authenticator is configured yet, so no token is valid, as a server without one answers.
      out.set("spec", request.node().path("spec").deepCopy());
      out.putObject("status").put("authenticated", false).putObject("user");
    } else if (d.resource().equals("selfsubjectrulesreviews")) {
      out.set("spec", request.node().path("spec").deepCopy());
      rules(out.putObject("status"), user, request.node().path("spec").path("namespace").asString(""));
    } else if (d.resource().equals("selfsubjectreviews")) {
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
      if (!d.resource().equals("selfsubjectaccessreviews")) {
        user = subject(spec); // a review about someone else: the user the spec names
        if (d.namespaced()) {
          String namespace = ApiHttpServer.requestInfo(ctx).namespace();
          ((ObjectNode) out.path("spec").path("resourceAttributes")).put("namespace", namespace);
        }
      }
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

  private static UserInfo subject(JsonNode spec) {
    List<String> groups = new java.util.ArrayList<>();
    spec.path("groups").forEach(g -> groups.add(g.asString("")));
    Map<String, List<String>> extra = new java.util.LinkedHashMap<>();
    spec.path("extra").properties().forEach(e -> {
      List<String> values = new java.util.ArrayList<>();
      e.getValue().forEach(v -> values.add(v.asString("")));
      extra.put(e.getKey(), values);
    });
    return new UserInfo(spec.path("user").asString(""), spec.path("uid").asString(""), groups, extra);
  }

  /**
   * What the caller may do, as {@code kubectl auth can-i --list} shows it: everything for those the authorizer
   * lets do anything, otherwise the rules every authenticated user has.
   */
  private void rules(ObjectNode status, UserInfo user, String namespace) {
    ArrayNode resourceRules = status.putArray("resourceRules");
    ArrayNode nonResourceRules = status.putArray("nonResourceRules");
    boolean everything = authorizer.authorize(new AuthorizationAttributes(user, "*", namespace, "*", "*", "*", "",
        "", true, "")).verdict() == Decision.Verdict.ALLOW;
    if (everything) {
      rule(resourceRules.addObject(), "verbs", List.of("*"), "apiGroups", List.of("*"), "resources", List.of("*"));
      rule(nonResourceRules.addObject(), "verbs", List.of("*"), "nonResourceURLs", List.of("*"));
    } else {
      rule(resourceRules.addObject(), "verbs", List.of("create"), "apiGroups", List.of("authorization.k8s.io"),
          "resources", List.of("selfsubjectaccessreviews", "selfsubjectrulesreviews"));
      rule(resourceRules.addObject(), "verbs", List.of("create"), "apiGroups", List.of("authentication.k8s.io"),
          "resources", List.of("selfsubjectreviews"));
      rule(nonResourceRules.addObject(), "verbs", List.of("get"), "nonResourceURLs", List.of("/healthz",
          "/livez", "/readyz", "/version", "/version/"));
    }
    status.put("incomplete", false);
  }

  private static void rule(ObjectNode rule, Object... fieldsAndValues) {
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      ArrayNode values = rule.putArray((String) fieldsAndValues[i]);
      ((List<?>) fieldsAndValues[i + 1]).forEach(v -> values.add((String) v));
    }
  }
}
