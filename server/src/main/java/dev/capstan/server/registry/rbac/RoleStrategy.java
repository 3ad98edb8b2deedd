package dev.capstan.server.registry.rbac;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.validation.TypeChecks;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Roles and ClusterRoles: every rule needs verbs, and either resources with groups or non-resource URLs. */
final class RoleStrategy extends RbacStrategy {
  RoleStrategy(boolean namespaced) {
    super(namespaced);
  }

  @Override
  public void checkTypes(KubeObject o, String kind, String apiVersion) {
    TypeChecks checks = TypeChecks.of(o, kind, apiVersion).objectList("rules", "[]v1.PolicyRule");
    int n = o.node().path("rules").size();
    for (int i = 0; i < n; i++) {
      for (String field : new String[] {"verbs", "apiGroups", "resources", "resourceNames", "nonResourceURLs"}) {
        checks.stringList("PolicyRule", "rules", Integer.toString(i), field);
      }
    }
  }

  @Override
  public List<FieldError> validate(KubeObject o) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode rules = o.node().path("rules");
    for (int i = 0; i < rules.size(); i++) {
      JsonNode rule = rules.get(i);
      String path = "rules[" + i + "]";
      if (rule.path("verbs").isEmpty()) {
        errs.add(FieldError.required(path + ".verbs", "verbs must contain at least one value"));
      }
      if (!rule.path("nonResourceURLs").isEmpty()) {
        List<String> urls = strings(rule.path("nonResourceURLs"));
        if (namespaced) {
          errs.add(FieldError.invalid(path + ".nonResourceURLs", urls, "namespaced rules cannot apply to "
              + "non-resource URLs"));
        }
        if (!rule.path("apiGroups").isEmpty() || !rule.path("resources").isEmpty()) {
          errs.add(FieldError.invalid(path + ".nonResourceURLs", urls, "rules cannot apply to both regular "
              + "resources and non-resource URLs"));
        }
        continue;
      }
      if (rule.path("apiGroups").isEmpty()) {
        errs.add(FieldError.required(path + ".apiGroups", "resource rules must supply at least one api group"));
      }
      if (rule.path("resources").isEmpty()) {
        errs.add(FieldError.required(path + ".resources", "resource rules must supply at least one resource"));
      }
    }
    return errs;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asString("")));
    return out;
  }
}
