package dev.capstan.server.registry.persistentvolumes;

import dev.capstan.api.KubeObject;
import dev.capstan.server.printers.Ages;
import dev.capstan.server.printers.Tables;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.registry.values.Checks;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** core/v1 storage: PersistentVolumes and PersistentVolumeClaims, with upstream's columns. */
public final class PersistentVolumeResources {
  private static final Tables.Column NAME = Tables.NAME;
  private static final Tables.Column AGE = Tables.AGE;

  private PersistentVolumeResources() {}

  public static List<ResourceDefinition> all() {
    return all(Clock.systemUTC());
  }

  /** @param clock stamps the phase transition times of volumes */
  public static List<ResourceDefinition> all(Clock clock) {
    return List.of(persistentVolumes(clock), persistentVolumeClaims());
  }

  static ResourceDefinition persistentVolumes(Clock clock) {
    return ResourceDefinition.builder("", "v1", "persistentvolumes", "PersistentVolume").shortNames("pv")
        .clusterScoped().strategy(new PersistentVolumeStrategy(clock)).statusSubresource()
        .table(List.of(NAME,
            new Tables.Column("Capacity", "string", "", "The volume's storage capacity.", 0),
            new Tables.Column("Access Modes", "string", "", "How the volume can be mounted.", 0),
            new Tables.Column("Reclaim Policy", "string", "", "What happens to the volume when released.", 0),
            new Tables.Column("Status", "string", "", "The volume's phase.", 0),
            new Tables.Column("Claim", "string", "", "The claim bound to the volume.", 0),
            new Tables.Column("StorageClass", "string", "", "StorageClass of the pv", 0),
            new Tables.Column("VolumeAttributesClass", "string", "", "VolumeAttributesClass of the pv", 0),
            new Tables.Column("Reason", "string", "", "Why the volume is in its phase.", 0),
            AGE,
            new Tables.Column("VolumeMode", "string", "", "Filesystem or Block.", 1)),
            PersistentVolumeResources::volumeCells)
        .build();
  }

  static ResourceDefinition persistentVolumeClaims() {
    return ResourceDefinition.builder("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim").shortNames("pvc")
        .strategy(new ClaimStrategy()).statusSubresource()
        .table(List.of(NAME,
            new Tables.Column("Status", "string", "", "The claim's phase.", 0),
            new Tables.Column("Volume", "string", "", "The volume bound to the claim.", 0),
            new Tables.Column("Capacity", "string", "", "The bound volume's capacity.", 0),
            new Tables.Column("Access Modes", "string", "", "How the bound volume can be mounted.", 0),
            new Tables.Column("StorageClass", "string", "", "StorageClass of the pvc", 0),
            new Tables.Column("VolumeAttributesClass", "string", "", "VolumeAttributesClass of the pvc", 0),
            AGE,
            new Tables.Column("VolumeMode", "string", "", "Filesystem or Block.", 1)),
            PersistentVolumeResources::claimCells)
        .build();
  }

  static List<Object> volumeCells(KubeObject o, Instant now) {
    JsonNode spec = o.node().path("spec");
    JsonNode claim = spec.get("claimRef");
    String claimText = claim == null || claim.isNull() ? ""
        : Checks.text(claim, "namespace") + "/" + Checks.text(claim, "name");
    return List.of(o.name(), VolumeRules.quantity(spec.path("capacity").get("storage")),
        VolumeRules.accessModesString(spec.path("accessModes")), Checks.text(spec, "persistentVolumeReclaimPolicy"),
        phase(o), claimText, VolumeRules.storageClass(o), VolumeRules.orUnset(spec.get("volumeAttributesClassName")),
        Checks.text(o.node().path("status"), "reason"), age(o, now), VolumeRules.orUnset(spec.get("volumeMode")));
  }

  /** Capacity and access modes are the bound volume's, shown only once the claim is bound to one. */
  static List<Object> claimCells(KubeObject o, Instant now) {
    JsonNode spec = o.node().path("spec");
    JsonNode status = o.node().path("status");
    String volume = Checks.text(spec, "volumeName");
    String capacity = volume.isEmpty() ? "" : VolumeRules.quantity(status.path("capacity").get("storage"));
    String modes = volume.isEmpty() ? "" : VolumeRules.accessModesString(status.path("accessModes"));
    return List.of(o.name(), phase(o), volume, capacity, modes, VolumeRules.storageClass(o),
        VolumeRules.orUnset(spec.get("volumeAttributesClassName")), age(o, now),
        VolumeRules.orUnset(spec.get("volumeMode")));
  }

  private static String phase(KubeObject o) {
    return o.hasDeletionTimestamp() ? "Terminating" : Checks.text(o.node().path("status"), "phase");
  }

  private static String age(KubeObject o, Instant now) {
    return Ages.since(o.metadata().path("creationTimestamp").asString(""), now);
  }
}
