package dev.capstan.server.registry.apiregistration;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.printers.Ages;
import dev.capstan.server.printers.Tables;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.registry.shared.Rules;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * apiregistration.k8s.io/v1 APIServices: the aggregation layer's record of every group version, which
 * {@code kubectl get apiservices} lists. Capstan serves every group itself, so each is "Local" and available.
 */
public final class ApiRegistrationResources {
  public static final String GROUP = "apiregistration.k8s.io";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  /** kube-apiserver's group and version priorities for the versions it serves by default. */
  private static final Map<String, int[]> PRIORITIES = Map.ofEntries(
      Map.entry("v1", new int[] {18000, 1}),
      Map.entry("apiregistration.k8s.io/v1", new int[] {18000, 15}),
      Map.entry("apps/v1", new int[] {17800, 15}),
      Map.entry("events.k8s.io/v1", new int[] {17750, 15}),
      Map.entry("authentication.k8s.io/v1", new int[] {17700, 15}),
      Map.entry("authorization.k8s.io/v1", new int[] {17600, 15}),
      Map.entry("autoscaling/v2", new int[] {17500, 30}),
      Map.entry("autoscaling/v1", new int[] {17500, 15}),
      Map.entry("batch/v1", new int[] {17400, 15}),
      Map.entry("certificates.k8s.io/v1", new int[] {17300, 15}),
      Map.entry("networking.k8s.io/v1", new int[] {17200, 15}),
      Map.entry("policy/v1", new int[] {17100, 15}),
      Map.entry("rbac.authorization.k8s.io/v1", new int[] {17000, 15}),
      Map.entry("storage.k8s.io/v1", new int[] {16800, 15}),
      Map.entry("apiextensions.k8s.io/v1", new int[] {16700, 15}),
      Map.entry("admissionregistration.k8s.io/v1", new int[] {16700, 15}),
      Map.entry("scheduling.k8s.io/v1", new int[] {16600, 15}),
      Map.entry("coordination.k8s.io/v1", new int[] {16500, 15}),
      Map.entry("node.k8s.io/v1", new int[] {16300, 15}),
      Map.entry("discovery.k8s.io/v1", new int[] {16200, 15}),
      Map.entry("flowcontrol.apiserver.k8s.io/v1", new int[] {16100, 21}));

  private ApiRegistrationResources() {}

  public static List<ResourceDefinition> all() {
    return List.of(apiServices());
  }

  static ResourceDefinition apiServices() {
    return ResourceDefinition.builder(GROUP, "v1", "apiservices", "APIService").clusterScoped()
        .categories("api-extensions").statusSubresource().strategy(new ApiServiceStrategy())
        .table(List.of(Tables.NAME,
            new Tables.Column("Service", "string", "", "The service that serves the API, or Local.", 0),
            new Tables.Column("Available", "string", "", "Whether the API is available.", 0),
            Tables.AGE),
            (o, now) -> List.of(o.name(), service(o.node().path("spec").path("service")), available(o),
                Ages.since(o.metadata().path("creationTimestamp").asString(""), now)))
        .build();
  }

  /** An APIService is named for what it serves: {@code <version>.<group>} ("v1." for the core group). */
  static final class ApiServiceStrategy implements Strategy {
    @Override
    public Function<String, List<String>> nameRule() {
      return dev.capstan.server.validation.NameRules::pathSegment;
    }

    @Override
    public List<FieldError> validate(KubeObject o) {
      JsonNode spec = o.node().path("spec");
      String required = spec.path("version").asString("") + "." + spec.path("group").asString("");
      List<FieldError> errs = new ArrayList<>();
      if (!o.name().equals(required)) {
        errs.add(FieldError.invalid("metadata.name", o.name(), "must be `spec.version+\".\"+spec.group`: \""
            + required + "\""));
      }
      if (spec.path("version").asString("").isEmpty()) {
        errs.add(FieldError.required("spec.version", ""));
      }
      return errs;
    }
  }

  private static String service(JsonNode service) {
    return service.isObject() ? service.path("namespace").asString("") + "/" + service.path("name").asString("")
        : "Local";
  }

  private static String available(KubeObject o) {
    for (JsonNode c : o.node().path("status").path("conditions")) {
      if ("Available".equals(c.path("type").asString(""))) {
        String status = c.path("status").asString("");
        return status.equals("True") ? "True" : status + " (" + c.path("reason").asString("") + ")";
      }
    }
    return "Unknown";
  }

  /** The APIService of each served group version, as kube-apiserver registers them at start. */
  public static List<KubeObject> local(List<ResourceDefinition> served) {
    Set<String> versions = new LinkedHashSet<>();
    served.forEach(d -> versions.add(d.apiVersion()));
    List<KubeObject> out = new ArrayList<>();
    for (String apiVersion : versions) {
      int slash = apiVersion.indexOf('/');
      String group = slash < 0 ? "" : apiVersion.substring(0, slash);
      String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
      int[] priority = PRIORITIES.getOrDefault(apiVersion, new int[] {1000, 15});
      ObjectNode node = JSON.createObjectNode().put("apiVersion", GROUP + "/v1").put("kind", "APIService");
      node.putObject("metadata").put("name", version + "." + group).putObject("labels")
          .put("kube-aggregator.kubernetes.io/automanaged", "onstart");
      ObjectNode spec = node.putObject("spec");
      if (!group.isEmpty()) {
        spec.put("group", group);
      }
      spec.put("groupPriorityMinimum", priority[0]).put("version", version).put("versionPriority", priority[1]);
      out.add(KubeObject.wrap(node));
    }
    return out;
  }

  /** The status of a local APIService: available, as local ones always are. */
  public static void markAvailable(KubeObject o, Instant now) {
    ObjectNode status = (ObjectNode) o.node().withObject("status");
    status.putArray("conditions").addObject().put("type", "Available").put("status", "True")
        .put("lastTransitionTime", now.truncatedTo(ChronoUnit.SECONDS).toString()).put("reason", "Local")
        .put("message", "Local APIServices are always available");
  }
}
