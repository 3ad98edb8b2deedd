package dev.capstan.server.registry.rbac;

import dev.capstan.api.KubeObject;
import dev.capstan.server.printers.Ages;
import dev.capstan.server.printers.Tables;
import dev.capstan.server.registry.ResourceDefinition;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * rbac.authorization.k8s.io/v1: Roles, ClusterRoles and their bindings, stored and validated as upstream does.
 * Enforcing them is the RBAC authorizer's issue; until then only system:masters may write them.
 */
public final class RbacResources {
  static final String GROUP = "rbac.authorization.k8s.io";
  private static final Tables.Column NAME = Tables.NAME;

  private RbacResources() {}

  public static List<ResourceDefinition> all() {
    return List.of(
        role("roles", "Role", "role", true),
        role("clusterroles", "ClusterRole", "clusterrole", false),
        binding("rolebindings", "RoleBinding", "rolebinding", true),
        binding("clusterrolebindings", "ClusterRoleBinding", "clusterrolebinding", false));
  }

  private static ResourceDefinition role(String resource, String kind, String singular, boolean namespaced) {
    return scoped(ResourceDefinition.builder(GROUP, "v1", resource, kind).singular(singular), namespaced)
        .strategy(new RoleStrategy(namespaced)).build();
  }

  private static ResourceDefinition binding(String resource, String kind, String singular, boolean namespaced) {
    return scoped(ResourceDefinition.builder(GROUP, "v1", resource, kind).singular(singular), namespaced)
        .strategy(new BindingStrategy(namespaced)).table(List.of(NAME,
            new Tables.Column("Role", "string", "", "The role the binding grants.", 0),
            new Tables.Column("Age", "string", "", "How long ago the object was created.", 0),
            new Tables.Column("Users", "string", "", "Users in the roleBinding", 1),
            new Tables.Column("Groups", "string", "", "Groups in the roleBinding", 1),
            new Tables.Column("ServiceAccounts", "string", "", "ServiceAccounts in the roleBinding", 1)),
        (o, now) -> List.of(o.name(),
            o.node().path("roleRef").path("kind").asString("") + "/" + o.node().path("roleRef").path("name")
                .asString(""),
            Ages.since(o.metadata().path("creationTimestamp").asString(""), now),
            subjects(o, "User"), subjects(o, "Group"), subjects(o, "ServiceAccount")))
        .build();
  }

  private static ResourceDefinition.Builder scoped(ResourceDefinition.Builder b, boolean namespaced) {
    return namespaced ? b : b.clusterScoped();
  }

  /** The subjects of one kind, comma-separated; service accounts as namespace/name. */
  private static String subjects(KubeObject o, String kind) {
    List<String> names = new ArrayList<>();
    for (JsonNode s : o.node().path("subjects")) {
      if (kind.equals(s.path("kind").asString(""))) {
        String name = s.path("name").asString("");
        names.add(kind.equals("ServiceAccount") ? s.path("namespace").asString("") + "/" + name : name);
      }
    }
    return String.join(", ", names);
  }
}
