package dev.capstan.server.registry.pods;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.printers.Ages;
import dev.capstan.server.printers.Tables;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.registry.Strategy;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * core/v1 pods and the core kinds made of pod templates (podtemplates, replicationcontrollers), with upstream's
 * short names, categories, subresources, field selectors and table columns.
 */
public final class PodResources {
  static final Tables.Column NAME = Tables.NAME;
  static final Tables.Column AGE = Tables.AGE;

  private PodResources() {}

  public static List<ResourceDefinition> all() {
    return List.of(bindings(), pods(), podTemplates(), replicationControllers());
  }

  /** The older way to bind a pod: a Binding created in the pod's namespace, named as the pod. */
  static ResourceDefinition bindings() {
    return ResourceDefinition.builder("", "v1", "bindings", "Binding").verbs("create").build();
  }

  static ResourceDefinition pods() {
    return ResourceDefinition.builder("", "v1", "pods", "Pod").shortNames("po").categories("all")
        .strategy(new PodStrategy(new SecureRandom())).statusSubresource()
        .subresource("attach", "", "v1", "PodAttachOptions", "create", "get")
        .subresource("binding", "", "v1", "Binding", "create")
        .subresource("ephemeralcontainers", "", "v1", "Pod", "get", "patch", "update")
        .subresource("eviction", "policy", "v1", "Eviction", "create")
        .subresource("exec", "", "v1", "PodExecOptions", "create", "get")
        .subresource("log", "", "v1", "Pod", "get")
        .subresource("portforward", "", "v1", "PodPortForwardOptions", "create", "get")
        .subresource("proxy", "", "v1", "PodProxyOptions", "create", "delete", "get", "patch", "update")
        .subresource("resize", "", "v1", "Pod", "get", "patch", "update")
        .fieldSelectors("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
            "status.phase", "status.nominatedNodeName")
        .fieldSelector("spec.hostNetwork", o -> Boolean.toString(o.node().path("spec").path("hostNetwork")
            .asBoolean(false)))
        .fieldSelector("status.podIP", PodResources::firstPodIp)
        .fieldSelector("status.podIPs", PodResources::firstPodIp)
        .table(PodPrinter.COLUMNS, PodPrinter::cells)
        .build();
  }

  static ResourceDefinition podTemplates() {
    return ResourceDefinition.builder("", "v1", "podtemplates", "PodTemplate").strategy(new PodTemplateStrategy())
        .table(List.of(NAME,
            new Tables.Column("Containers", "string", "", "The names of the template's containers.", 0),
            new Tables.Column("Images", "string", "", "The images of the template's containers.", 0),
            new Tables.Column("Pod Labels", "string", "", "The labels of the template's pods.", 0)),
            (o, now) -> {
              JsonNode template = o.node().path("template");
              return List.of(o.name(), PodSpecs.containerNames(template.path("spec")),
                  PodSpecs.containerImages(template.path("spec")),
                  LabelSelectors.formatLabels(template.path("metadata").get("labels")));
            })
        .build();
  }

  static ResourceDefinition replicationControllers() {
    return ResourceDefinition.builder("", "v1", "replicationcontrollers", "ReplicationController")
        .shortNames("rc").categories("all").strategy(new ReplicationControllerStrategy())
        .statusSubresource().scaleSubresource().generation().orphanByDefault()
        .fieldSelector("status.replicas", o -> Long.toString(o.node().path("status").path("replicas").asLong(0)))
        .table(List.of(NAME,
            new Tables.Column("Desired", "integer", "", "The number of replicas wanted.", 0),
            new Tables.Column("Current", "integer", "", "The number of replicas there are.", 0),
            new Tables.Column("Ready", "integer", "", "The number of ready replicas.", 0),
            AGE,
            new Tables.Column("Containers", "string", "", "The names of the template's containers.", 1),
            new Tables.Column("Images", "string", "", "The images of the template's containers.", 1),
            new Tables.Column("Selector", "string", "", "The labels of the pods it controls.", 1)),
            (o, now) -> {
              JsonNode spec = o.node().path("spec");
              JsonNode status = o.node().path("status");
              return List.of(o.name(), spec.path("replicas").asLong(0), status.path("replicas").asLong(0),
                  status.path("readyReplicas").asLong(0), age(o, now),
                  PodSpecs.containerNames(spec.path("template").path("spec")),
                  PodSpecs.containerImages(spec.path("template").path("spec")),
                  LabelSelectors.formatLabels(spec.get("selector")));
            })
        .build();
  }

  private static String firstPodIp(KubeObject o) {
    JsonNode ips = o.node().path("status").path("podIPs");
    return ips.isEmpty() ? "" : ips.get(0).path("ip").asString("");
  }

  static String age(KubeObject o, Instant now) {
    return Ages.since(o.metadata().path("creationTimestamp").asString(""), now);
  }

  /** PodTemplates: the template's spec defaulted and validated at {@code template}. */
  static final class PodTemplateStrategy implements Strategy {
    @Override
    public void applyDefaults(KubeObject o) {
      if (!(o.node().get("template") instanceof ObjectNode)) {
        o.node().putObject("template");
      }
      PodSpecs.applyTemplateDefaults(o.node(), "template");
    }

    @Override
    public void prepareForCreate(KubeObject o) {
      applyDefaults(o);
    }

    @Override
    public List<FieldError> validate(KubeObject o) {
      return PodSpecs.validateTemplate(o.node().path("template"), "template");
    }
  }
}
