package dev.capstan.server.registry.apps;

import dev.capstan.api.KubeObject;
import dev.capstan.server.printers.Ages;
import dev.capstan.server.printers.Tables;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.registry.pods.TemplateColumns;
import dev.capstan.server.registry.pods.LabelSelectors;
import dev.capstan.server.registry.pods.PodSpecs;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** apps/v1: deployments, replica sets, stateful sets, daemon sets and controller revisions, as upstream serves them. */
public final class AppsResources {
  static final String GROUP = "apps";
  private static final Tables.Column NAME = Tables.NAME;
  private static final Tables.Column AGE = Tables.AGE;
  private static final Tables.Column CONTAINERS = TemplateColumns.CONTAINERS;
  private static final Tables.Column IMAGES = TemplateColumns.IMAGES;
  private static final Tables.Column SELECTOR = TemplateColumns.SELECTOR;

  private AppsResources() {}

  public static List<ResourceDefinition> all() {
    return List.of(deployments(), replicaSets(), statefulSets(), daemonSets(), controllerRevisions());
  }

  static ResourceDefinition deployments() {
    return ResourceDefinition.builder(GROUP, "v1", "deployments", "Deployment").shortNames("deploy")
        .categories("all").strategy(new AppsStrategies.Deployments()).statusSubresource().scaleSubresource()
        .generation()
        .table(List.of(NAME,
            new Tables.Column("Ready", "string", "", "Ready replicas out of those wanted.", 0),
            new Tables.Column("Up-to-date", "string", "", "Replicas running the current template.", 0),
            new Tables.Column("Available", "string", "", "Replicas available to users.", 0),
            AGE, CONTAINERS, IMAGES, SELECTOR),
            (o, now) -> {
              JsonNode spec = o.node().path("spec");
              JsonNode status = o.node().path("status");
              return List.of(o.name(), status.path("readyReplicas").asLong(0) + "/" + spec.path("replicas").asLong(0),
                  status.path("updatedReplicas").asLong(0), status.path("availableReplicas").asLong(0), age(o, now),
                  names(spec), images(spec), LabelSelectors.plain(spec.get("selector")));
            })
        .build();
  }

  static ResourceDefinition replicaSets() {
    return ResourceDefinition.builder(GROUP, "v1", "replicasets", "ReplicaSet").shortNames("rs").categories("all")
        .strategy(new AppsStrategies.ReplicaSets()).statusSubresource().scaleSubresource().generation()
        .table(List.of(NAME,
            new Tables.Column("Desired", "integer", "", "The number of replicas wanted.", 0),
            new Tables.Column("Current", "integer", "", "The number of replicas there are.", 0),
            new Tables.Column("Ready", "integer", "", "The number of ready replicas.", 0),
            AGE, CONTAINERS, IMAGES, SELECTOR),
            (o, now) -> {
              JsonNode spec = o.node().path("spec");
              JsonNode status = o.node().path("status");
              return List.of(o.name(), spec.path("replicas").asLong(0), status.path("replicas").asLong(0),
                  status.path("readyReplicas").asLong(0), age(o, now), names(spec), images(spec),
                  LabelSelectors.format(spec.get("selector")));
            })
        .build();
  }

  static ResourceDefinition statefulSets() {
    return ResourceDefinition.builder(GROUP, "v1", "statefulsets", "StatefulSet").shortNames("sts")
        .categories("all").strategy(new AppsStrategies.StatefulSets()).statusSubresource().scaleSubresource()
        .generation()
        .table(List.of(NAME, new Tables.Column("Ready", "string", "", "Ready replicas out of those wanted.", 0),
            AGE, CONTAINERS, IMAGES),
            (o, now) -> {
              JsonNode spec = o.node().path("spec");
              return List.of(o.name(), o.node().path("status").path("readyReplicas").asLong(0) + "/"
                  + spec.path("replicas").asLong(0), age(o, now), names(spec), images(spec));
            })
        .build();
  }

  static ResourceDefinition daemonSets() {
    return ResourceDefinition.builder(GROUP, "v1", "daemonsets", "DaemonSet").shortNames("ds").categories("all")
        .strategy(new AppsStrategies.DaemonSets()).statusSubresource().generation()
        .table(List.of(NAME,
            new Tables.Column("Desired", "integer", "", "Nodes that should run the daemon pod.", 0),
            new Tables.Column("Current", "integer", "", "Nodes running at least one daemon pod.", 0),
            new Tables.Column("Ready", "integer", "", "Nodes whose daemon pod is ready.", 0),
            new Tables.Column("Up-to-date", "integer", "", "Nodes running the current template.", 0),
            new Tables.Column("Available", "integer", "", "Nodes whose daemon pod is available.", 0),
            new Tables.Column("Node Selector", "string", "", "The node labels the pods require.", 0),
            AGE, CONTAINERS, IMAGES, SELECTOR),
            (o, now) -> {
              JsonNode spec = o.node().path("spec");
              JsonNode status = o.node().path("status");
              return List.of(o.name(), status.path("desiredNumberScheduled").asLong(0),
                  status.path("currentNumberScheduled").asLong(0), status.path("numberReady").asLong(0),
                  status.path("updatedNumberScheduled").asLong(0), status.path("numberAvailable").asLong(0),
                  LabelSelectors.formatLabels(spec.path("template").path("spec").get("nodeSelector")), age(o, now),
                  names(spec), images(spec), LabelSelectors.format(spec.get("selector")));
            })
        .build();
  }

  static ResourceDefinition controllerRevisions() {
    return ResourceDefinition.builder(GROUP, "v1", "controllerrevisions", "ControllerRevision")
        .strategy(new AppsStrategies.ControllerRevisions())
        .table(List.of(NAME,
            new Tables.Column("Controller", "string", "", "The object that owns this revision.", 0),
            new Tables.Column("Revision", "integer", "", "The revision number.", 0), AGE),
            (o, now) -> List.of(o.name(), controller(o), o.node().path("revision").asLong(0), age(o, now)))
        .build();
  }

  /** The controlling owner as {@code kind.group/name} in lower case, as upstream prints it; {@code <none>}. */
  static String controller(KubeObject o) {
    for (JsonNode ref : o.metadata().path("ownerReferences")) {
      if (ref.path("controller").asBoolean(false)) {
        String apiVersion = ref.path("apiVersion").asString("");
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String kind = ref.path("kind").asString("");
        String groupKind = group.isEmpty() ? kind : kind + "." + group;
        return groupKind.isEmpty() ? ref.path("name").asString("")
            : groupKind.toLowerCase(Locale.ROOT) + "/" + ref.path("name").asString("");
      }
    }
    return "<none>";
  }

  private static String names(JsonNode spec) {
    return PodSpecs.containerNames(spec.path("template").path("spec"));
  }

  private static String images(JsonNode spec) {
    return PodSpecs.containerImages(spec.path("template").path("spec"));
  }

  private static String age(KubeObject o, Instant now) {
    return Ages.since(o.metadata().path("creationTimestamp").asString(""), now);
  }
}
