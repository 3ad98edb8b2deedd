package dev.capstan.server.registry.storage;

import static dev.capstan.server.registry.shared.Cells.AGE;
import static dev.capstan.server.registry.shared.Cells.NAME;
import static dev.capstan.server.registry.shared.Cells.column;

import dev.capstan.api.KubeObject;
import dev.capstan.server.printers.Tables;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.registry.shared.Cells;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * storage.k8s.io/v1: StorageClasses, CSIDrivers, CSINodes, VolumeAttachments and CSIStorageCapacities, stored and
 * printed as upstream. Nothing provisions or attaches volumes here; these are records for clients and controllers.
 */
public final class StorageResources {
  static final String GROUP = "storage.k8s.io";
  static final String DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";
  static final String BETA_DEFAULT_CLASS = "storageclass.beta.kubernetes.io/is-default-class";

  private StorageResources() {}

  public static List<ResourceDefinition> all() {
    return List.of(storageClasses(), csiDrivers(), csiNodes(), volumeAttachments(), csiStorageCapacities());
  }

  static ResourceDefinition storageClasses() {
    return ResourceDefinition.builder(GROUP, "v1", "storageclasses", "StorageClass").clusterScoped().shortNames("sc")
        .strategy(new StorageClassStrategy())
        .table(List.of(NAME,
            column("Provisioner", "string", "provisioner indicates the type of the provisioner."),
            column("ReclaimPolicy", "string", "reclaimPolicy controls the reclaimPolicy for dynamically provisioned "
                + "PersistentVolumes of this storage class. Defaults to Delete."),
            column("VolumeBindingMode", "string", "volumeBindingMode indicates how PersistentVolumeClaims should be "
                + "provisioned and bound. When unset, VolumeBindingImmediate is used."),
            column("AllowVolumeExpansion", "string", "allowVolumeExpansion shows whether the storage class allow "
                + "volume expand."),
            AGE),
        (o, now) -> {
          JsonNode n = o.node();
          // Absent fields print as the defaults upstream's printer assumes for a nil pointer.
          String reclaim = n.path("reclaimPolicy").isString() ? n.path("reclaimPolicy").asString() : "Delete";
          String binding = n.path("volumeBindingMode").isString() ? n.path("volumeBindingMode").asString()
              : "Immediate";
          String name = isDefault(o) ? o.name() + " (default)" : o.name();
          return List.of(name, Cells.text(n, "provisioner"), reclaim, binding,
              Cells.bool(n, false, "allowVolumeExpansion"), Cells.age(o, now));
        })
        .build();
  }

  /** Either the GA or the beta default-class annotation set to exactly "true", as upstream checks it. */
  static boolean isDefault(KubeObject o) {
    JsonNode annotations = o.metadata().path("annotations");
    return "true".equals(annotations.path(DEFAULT_CLASS).asString(""))
        || "true".equals(annotations.path(BETA_DEFAULT_CLASS).asString(""));
  }

  static ResourceDefinition csiDrivers() {
    return ResourceDefinition.builder(GROUP, "v1", "csidrivers", "CSIDriver").clusterScoped()
        .strategy(new CsiDriverStrategy())
        .table(List.of(NAME,
            column("AttachRequired", "boolean", "attachRequired indicates this CSI volume driver requires an attach "
                + "operation."),
            column("PodInfoOnMount", "boolean", "podInfoOnMount indicates this CSI volume driver requires additional "
                + "pod information during mount operations."),
            column("StorageCapacity", "boolean", "storageCapacity indicates that the CSI volume driver wants pod "
                + "scheduling to consider the storage capacity that the driver deployment will report."),
            column("TokenRequests", "string", "tokenRequests indicates the CSI driver needs pods' service account "
                + "tokens it is mounting volume for to do necessary authentication."),
            column("RequiresRepublish", "boolean", "requiresRepublish indicates the CSI driver wants NodePublishVolume "
                + "being periodically called to reflect any possible change in the mounted volume."),
            column("Modes", "string", "volumeLifecycleModes defines what kind of volumes this CSI volume driver "
                + "supports."),
            AGE),
        StorageResources::csiDriverRow)
        .build();
  }

  private static List<Object> csiDriverRow(KubeObject o, java.time.Instant now) {
    JsonNode spec = o.node().path("spec");
    String tokens = "<unset>";
    if (spec.path("tokenRequests").isArray()) {
      List<String> audiences = new ArrayList<>();
      spec.path("tokenRequests").forEach(t -> audiences.add(t.path("audience").asString("")));
      tokens = String.join(",", audiences);
    }
    List<String> modes = new ArrayList<>();
    spec.path("volumeLifecycleModes").forEach(m -> modes.add(m.asString("")));
    return List.of(o.name(), Cells.bool(spec, true, "attachRequired"), Cells.bool(spec, false, "podInfoOnMount"),
        Cells.bool(spec, false, "storageCapacity"), tokens, Cells.bool(spec, false, "requiresRepublish"),
        modes.isEmpty() ? "<none>" : String.join(",", modes), Cells.age(o, now));
  }

  static ResourceDefinition csiNodes() {
    return ResourceDefinition.builder(GROUP, "v1", "csinodes", "CSINode").clusterScoped()
        .table(List.of(NAME,
            column("Drivers", "integer", "Drivers indicates the number of CSI drivers registered on the node"),
            AGE),
        (o, now) -> List.of(o.name(), (long) o.node().path("spec").path("drivers").size(), Cells.age(o, now)))
        .build();
  }

  static ResourceDefinition volumeAttachments() {
    // Upstream marks the Attacher column with the "name" format too; kept as upstream declares it.
    return ResourceDefinition.builder(GROUP, "v1", "volumeattachments", "VolumeAttachment").clusterScoped()
        .statusSubresource()
        .table(List.of(NAME,
            new Tables.Column("Attacher", "string", "name", "attacher indicates the name of the volume driver that "
                + "MUST handle this request.", 0),
            column("PV", "string", "persistentVolumeName represents the name of the persistent volume to attach."),
            column("Node", "string", "nodeName represents the node that the volume should be attached to."),
            column("Attached", "boolean", "attached indicates the volume is successfully attached."),
            AGE),
        (o, now) -> {
          JsonNode spec = o.node().path("spec");
          return List.of(o.name(), Cells.text(spec, "attacher"), Cells.text(spec, "source", "persistentVolumeName"),
              Cells.text(spec, "nodeName"), Cells.bool(o.node(), false, "status", "attached"), Cells.age(o, now));
        })
        .build();
  }

  static ResourceDefinition csiStorageCapacities() {
    return ResourceDefinition.builder(GROUP, "v1", "csistoragecapacities", "CSIStorageCapacity")
        .table(List.of(NAME,
            column("StorageClassName", "string", "storageClassName represents the name of the StorageClass that the "
                + "reported capacity applies to."),
            column("Capacity", "string", "capacity is the value reported by the CSI driver in its GetCapacityResponse "
                + "for a GetCapacityRequest with topology and parameters that match the previous fields.")),
        (o, now) -> {
          JsonNode capacity = o.node().path("capacity");
          return List.of(o.name(), Cells.text(o.node(), "storageClassName"),
              capacity.isMissingNode() || capacity.isNull() ? "<unset>" : capacity.asString());
        })
        .build();
  }
}
