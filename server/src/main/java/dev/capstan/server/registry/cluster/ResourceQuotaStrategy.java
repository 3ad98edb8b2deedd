package dev.capstan.server.registry.cluster;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.registry.values.Checks;
import dev.capstan.server.registry.values.Quantity;
import dev.capstan.server.validation.NameRules;
import dev.capstan.server.validation.TypeChecks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * ResourceQuotas: resource names and quantities validated as upstream (standard or qualified names, no negative
 * amounts, whole numbers for object counts), scopes fixed after create; the quota controller owns the status.
 */
final class ResourceQuotaStrategy implements Strategy {
  private static final Set<String> COUNTS = Set.of("pods", "services", "replicationcontrollers", "resourcequotas",
      "secrets", "configmaps", "persistentvolumeclaims", "services.nodeports", "services.loadbalancers");
  private static final Set<String> COMPUTE = Set.of("cpu", "memory", "ephemeral-storage", "requests.cpu",
      "requests.memory", "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage",
      "requests.storage");
  private static final Set<String> SCOPES = Set.of("Terminating", "NotTerminating", "BestEffort", "NotBestEffort",
      "PriorityClass", "CrossNamespacePodAffinity", "VolumeAttributesClass");

  @Override
  public void checkTypes(KubeObject o, String kind, String apiVersion) {
    TypeChecks.of(o, kind, apiVersion).stringList("ResourceQuotaSpec", "spec", "scopes");
    Quantity.checkList(o.node().path("spec").get("hard"), kind, apiVersion);
    Quantity.checkList(o.node().path("status").get("hard"), kind, apiVersion);
    Quantity.checkList(o.node().path("status").get("used"), kind, apiVersion);
  }

  @Override
  public List<FieldError> validate(KubeObject o) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode spec = o.node().path("spec");
    list(errs, "spec.hard", spec.path("hard"));
    List<String> scopes = new ArrayList<>();
    spec.path("scopes").forEach(s -> scopes.add(s.asString("")));
    Set<String> seen = new HashSet<>();
    for (String scope : scopes) {
      if (!SCOPES.contains(scope)) {
        errs.add(FieldError.invalid("spec.scopes", scopes, "unsupported scope"));
      }
      seen.add(scope);
    }
    if (seen.containsAll(List.of("BestEffort", "NotBestEffort"))
        || seen.containsAll(List.of("Terminating", "NotTerminating"))) {
      errs.add(FieldError.invalid("spec.scopes", scopes, "conflicting scopes"));
    }
    status(errs, o);
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(KubeObject o, KubeObject old) {
    List<FieldError> errs = new ArrayList<>();
    list(errs, "spec.hard", o.node().path("spec").path("hard"));
    Set<String> before = new TreeSet<>();
    Set<String> after = new TreeSet<>();
    List<String> scopes = new ArrayList<>();
    old.node().path("spec").path("scopes").forEach(s -> before.add(s.asString("")));
    o.node().path("spec").path("scopes").forEach(s -> {
      after.add(s.asString(""));
      scopes.add(s.asString(""));
    });
    if (!before.equals(after)) {
      errs.add(FieldError.invalid("spec.scopes", scopes, "field is immutable"));
    }
    return errs;
  }

  @Override
  public List<FieldError> validateStatusUpdate(KubeObject o, KubeObject old) {
    List<FieldError> errs = new ArrayList<>();
    status(errs, o);
    return errs;
  }

  private static void status(List<FieldError> errs, KubeObject o) {
    list(errs, "status.hard", o.node().path("status").path("hard"));
    list(errs, "status.used", o.node().path("status").path("used"));
  }

  /** One ResourceList of a quota: each name a quota resource, each amount non-negative (and whole for counts). */
  private static void list(List<FieldError> errs, String path, JsonNode list) {
    for (Map.Entry<String, JsonNode> e : list.properties()) {
      String name = e.getKey();
      String field = path + "[" + name + "]";
      List<String> nameErrs = NameRules.qualifiedName(name);
      nameErrs.forEach(m -> errs.add(FieldError.invalid(field, name, m)));
      if (nameErrs.isEmpty() && !name.contains("/")) {
        if (!standardResource(name)) {
          errs.add(FieldError.invalid(field, name, "must be a standard resource type or fully qualified"));
        }
        if (!quotaResource(name)) {
          errs.add(FieldError.invalid(field, name, "must be a standard resource for quota"));
        }
      }
      Checks.nonNegative(errs, field, e.getValue());
      Quantity q = Quantity.of(e.getValue());
      if (q != null && integerResource(name) && !q.isInteger()) {
        errs.add(FieldError.invalid(field, new dev.capstan.server.registry.values.GoValue(q.toString()),
            Checks.NOT_INTEGER));
      }
    }
  }

  private static boolean hugePages(String name) {
    return name.startsWith("hugepages-") || name.startsWith("requests.hugepages-")
        || name.startsWith("limits.hugepages-");
  }

  private static boolean standardResource(String name) {
    return COUNTS.contains(name) || COMPUTE.contains(name) || name.equals("storage") || hugePages(name);
  }

  private static boolean quotaResource(String name) {
    return COUNTS.contains(name) || COMPUTE.contains(name) || hugePages(name);
  }

  /** Object counts, and extended resources ({@code example.com/gpu}, {@code count/pods}), are whole numbers. */
  private static boolean integerResource(String name) {
    if (COUNTS.contains(name)) {
      return true;
    }
    boolean nativeResource = !name.contains("/") || name.contains("kubernetes.io/");
    return !nativeResource && !name.startsWith("requests.")
        && NameRules.qualifiedName("requests." + name).isEmpty();
  }

  /**
   * The REQUEST and LIMIT cells as upstream prints them: {@code name: used/hard} for each resource in
   * {@code status.hard}, sorted by name, the {@code limits.*} ones in the second cell.
   */
  static List<String> cells(KubeObject o) {
    JsonNode status = o.node().path("status");
    TreeSet<String> names = new TreeSet<>(status.path("hard").propertyNames());
    List<String> requests = new ArrayList<>();
    List<String> limits = new ArrayList<>();
    for (String name : names) {
      String cell = name + ": " + Quantity.orZero(status.path("used").get(name)) + "/"
          + Quantity.orZero(status.path("hard").get(name));
      String[] pieces = name.split("\\.");
      (pieces.length > 1 && pieces[0].equals("limits") ? limits : requests).add(cell);
    }
    return List.of(String.join(", ", requests), String.join(", ", limits));
  }
}
