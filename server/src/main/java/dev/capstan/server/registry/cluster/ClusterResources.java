package dev.capstan.server.registry.cluster;

import dev.capstan.api.KubeObject;
import dev.capstan.server.printers.Ages;
import dev.capstan.server.printers.Tables;
import dev.capstan.server.registry.ResourceDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * core/v1 resources about the cluster itself: nodes, endpoints, resource quotas and limit ranges, with upstream's
 * short names, subresources, field selectors and table columns.
 */
public final class ClusterResources {
  static final Tables.Column NAME = Tables.NAME;
  static final Tables.Column AGE = Tables.AGE;

  private ClusterResources() {}

  public static List<ResourceDefinition> all() {
    return List.of(nodes(), endpoints(), limitRanges(), resourceQuotas());
  }

  static ResourceDefinition nodes() {
    return ResourceDefinition.builder("", "v1", "nodes", "Node").shortNames("no").clusterScoped()
        .strategy(new NodeStrategy()).statusSubresource()
        .subresource("proxy", "", "v1", "NodeProxyOptions", "create", "delete", "get", "patch", "update")
        .fieldSelector("spec.unschedulable",
            o -> Boolean.toString(o.node().path("spec").path("unschedulable").asBoolean(false)))
        .table(List.of(NAME,
            new Tables.Column("Status", "string", "", "The node's readiness, and whether it takes new pods.", 0),
            new Tables.Column("Roles", "string", "", "The roles the node's labels give it.", 0),
            AGE,
            new Tables.Column("Version", "string", "", "The kubelet version the node reports.", 0),
            new Tables.Column("Internal-IP", "string", "", "The node's first internal address.", 1),
            new Tables.Column("External-IP", "string", "", "The node's first external address.", 1),
            new Tables.Column("OS-Image", "string", "", "The operating system image the node reports.", 1),
            new Tables.Column("Kernel-Version", "string", "", "The kernel version the node reports.", 1),
            new Tables.Column("Container-Runtime", "string", "", "The container runtime and its version.", 1)),
            (o, now) -> NodePrinter.cells(o, age(o, now)))
        .build();
  }

  static ResourceDefinition endpoints() {
    return ResourceDefinition.builder("", "v1", "endpoints", "Endpoints").singular("endpoints").shortNames("ep")
        .strategy(new EndpointsStrategy())
        .table(List.of(NAME, new Tables.Column("Endpoints", "string", "", "The addresses and ports served.", 0), AGE),
            (o, now) -> List.of(o.name(), EndpointsStrategy.format(o), age(o, now)))
        .build();
  }

  static ResourceDefinition limitRanges() {
    // Upstream has no printer of its own for limit ranges: kubectl shows Name and Created At.
    return ResourceDefinition.builder("", "v1", "limitranges", "LimitRange").shortNames("limits")
        .strategy(new LimitRangeStrategy())
        .build();
  }

  static ResourceDefinition resourceQuotas() {
    return ResourceDefinition.builder("", "v1", "resourcequotas", "ResourceQuota").shortNames("quota")
        .strategy(new ResourceQuotaStrategy()).statusSubresource()
        // Upstream 1.33 prints Age last here (it was second before kubernetes#129419).
        .table(List.of(NAME,
            new Tables.Column("Request", "string", "", "Used and hard amounts of the resources other than limits.", 0),
            new Tables.Column("Limit", "string", "", "Used and hard amounts of the limits.* resources.", 0),
            AGE),
            (o, now) -> {
              List<Object> cells = new ArrayList<>();
              cells.add(o.name());
              cells.addAll(ResourceQuotaStrategy.cells(o));
              cells.add(age(o, now));
              return cells;
            })
        .build();
  }

  static String age(KubeObject o, Instant now) {
    return Ages.since(o.metadata().path("creationTimestamp").asString(""), now);
  }
}
