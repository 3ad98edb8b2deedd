package dev.capstan.server.registry.rbac;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.validation.NameRules;
import dev.capstan.server.validation.TypeChecks;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * RoleBindings and ClusterRoleBindings: a roleRef to a Role or ClusterRole in the RBAC group (immutable once set),
 * and subjects that are users, groups or service accounts.
 */
final class BindingStrategy extends RbacStrategy {
  BindingStrategy(boolean namespaced) {
    super(namespaced);
  }

  @Override
  public void checkTypes(KubeObject o, String kind, String apiVersion) {
    TypeChecks checks = TypeChecks.of(o, kind, apiVersion).objectList("subjects", "[]v1.Subject");
    for (String f : new String[] {"apiGroup", "kind", "name"}) {
      checks.nested("RoleRef", "string", "roleRef", f);
    }
    int n = o.node().path("subjects").size();
    for (int i = 0; i < n; i++) {
      for (String f : new String[] {"kind", "apiGroup", "name", "namespace"}) {
        checks.nested("Subject", "string", "subjects", Integer.toString(i), f);
      }
    }
  }

  @Override
  public List<FieldError> validate(KubeObject o) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode ref = o.node().path("roleRef");
    String apiGroup = ref.path("apiGroup").asString("");
    if (!apiGroup.equals(RbacResources.GROUP)) {
      errs.add(new FieldError(FieldError.Type.NOT_SUPPORTED, "roleRef.apiGroup", apiGroup,
          "supported values: \"" + RbacResources.GROUP + "\""));
    }
    String kind = ref.path("kind").asString("");
    if (namespaced && !kind.equals("Role") && !kind.equals("ClusterRole")) {
      errs.add(new FieldError(FieldError.Type.NOT_SUPPORTED, "roleRef.kind", kind,
          "supported values: \"Role\", \"ClusterRole\""));
    } else if (!namespaced && !kind.equals("ClusterRole")) {
      errs.add(new FieldError(FieldError.Type.NOT_SUPPORTED, "roleRef.kind", kind,
          "supported values: \"ClusterRole\""));
    }
    String name = ref.path("name").asString("");
    if (name.isEmpty()) {
      errs.add(FieldError.required("roleRef.name", ""));
    } else {
      dev.capstan.server.validation.NameRules.pathSegment(name).forEach(m -> errs.add(FieldError.invalid("roleRef.name", name, m)));
    }
    JsonNode subjects = o.node().path("subjects");
    for (int i = 0; i < subjects.size(); i++) {
      errs.addAll(validateSubject(subjects.get(i), "subjects[" + i + "]"));
    }
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(KubeObject o, KubeObject old) {
    List<FieldError> errs = validate(o);
    if (!o.node().path("roleRef").equals(old.node().path("roleRef"))) {
      errs.add(FieldError.invalid("roleRef", o.node().path("roleRef").toString(), "cannot change roleRef"));
    }
    return errs;
  }

  private List<FieldError> validateSubject(JsonNode s, String path) {
    List<FieldError> errs = new ArrayList<>();
    String name = s.path("name").asString("");
    if (name.isEmpty()) {
      errs.add(FieldError.required(path + ".name", ""));
    }
    String kind = s.path("kind").asString("");
    String apiGroup = s.path("apiGroup").asString("");
    switch (kind) {
      case "ServiceAccount" -> {
        if (!apiGroup.isEmpty()) {
          errs.add(new FieldError(FieldError.Type.NOT_SUPPORTED, path + ".apiGroup", apiGroup,
              "supported values: \"\""));
        }
        if (!name.isEmpty()) {
          NameRules.dns1123Subdomain(name).forEach(m -> errs.add(FieldError.invalid(path + ".name", name, m)));
        }
        if (!namespaced && s.path("namespace").asString("").isEmpty()) {
          errs.add(FieldError.required(path + ".namespace", ""));
        }
      }
      case "User", "Group" -> {
        if (!apiGroup.equals(RbacResources.GROUP)) {
          errs.add(new FieldError(FieldError.Type.NOT_SUPPORTED, path + ".apiGroup", apiGroup,
              "supported values: \"" + RbacResources.GROUP + "\""));
        }
      }
      default -> errs.add(new FieldError(FieldError.Type.NOT_SUPPORTED, path + ".kind", kind,
          "supported values: \"ServiceAccount\", \"User\", \"Group\""));
    }
    return errs;
  }
}
