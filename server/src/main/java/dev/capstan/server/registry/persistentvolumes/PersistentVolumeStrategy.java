package dev.capstan.server.registry.persistentvolumes;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.registry.values.Checks;
import dev.capstan.server.registry.values.GoValue;
import dev.capstan.server.registry.values.Quantity;
import dev.capstan.server.validation.TypeChecks;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * PersistentVolumes: reclaim policy Retain and volume mode Filesystem by default; a new volume starts Pending with
 * its phase transition time stamped, and each phase change through /status stamps it again; capacity, access
 * modes and exactly one volume source validated as upstream; the source and volume mode fixed after create.
 */
final class PersistentVolumeStrategy implements Strategy {
  static final List<String> RECLAIM_POLICIES = List.of("Delete", "Recycle", "Retain");
  /** The volume sources a PersistentVolumeSpec may name; exactly one must be given. */
  static final List<String> SOURCES = List.of("hostPath", "gcePersistentDisk", "awsElasticBlockStore", "glusterfs",
      "flocker", "nfs", "rbd", "quobyte", "cephfs", "iscsi", "cinder", "fc", "flexVolume", "azureFile",
      "vsphereVolume", "photonPersistentDisk", "portworxVolume", "azureDisk", "scaleIO", "local", "storageos", "csi");

  private final Clock clock;

  PersistentVolumeStrategy(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void checkTypes(KubeObject o, String kind, String apiVersion) {
    TypeChecks.of(o, kind, apiVersion).stringList("PersistentVolumeSpec", "spec", "accessModes")
        .nested("PersistentVolumeSpec", "string", "spec", "persistentVolumeReclaimPolicy")
        .nested("PersistentVolumeSpec", "string", "spec", "storageClassName")
        .nested("PersistentVolumeSpec", "string", "spec", "volumeMode");
    Quantity.checkList(o.node().path("spec").get("capacity"), kind, apiVersion);
  }

  @Override
  public void applyDefaults(KubeObject o) {
    ObjectNode spec = object(o.node(), "spec");
    if (Checks.text(spec, "persistentVolumeReclaimPolicy").isEmpty()) {
      spec.put("persistentVolumeReclaimPolicy", "Retain");
    }
    if (!spec.has("volumeMode") || spec.get("volumeMode").isNull()) {
      spec.put("volumeMode", "Filesystem");
    }
    ObjectNode status = object(o.node(), "status");
    if (Checks.text(status, "phase").isEmpty()) {
      status.put("phase", "Pending");
    }
  }

  @Override
  public void prepareForCreate(KubeObject o) {
    ObjectNode status = object(o.node(), "status");
    status.put("phase", "Pending");
    status.put("lastPhaseTransitionTime", now());
  }

  @Override
  public void prepareForStatusUpdate(KubeObject o, KubeObject old) {
    String phase = Checks.text(o.node().path("status"), "phase");
    if (!phase.equals(Checks.text(old.node().path("status"), "phase"))) {
      object(o.node(), "status").put("lastPhaseTransitionTime", now());
    }
  }

  @Override
  public List<FieldError> validate(KubeObject o) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode spec = o.node().path("spec");
    if (spec.path("accessModes").isEmpty()) {
      errs.add(FieldError.required("spec.accessModes", ""));
    }
    VolumeRules.accessModes(errs, "spec.accessModes", spec.path("accessModes"));
    JsonNode capacity = spec.path("capacity");
    if (capacity.isEmpty()) {
      errs.add(FieldError.required("spec.capacity", ""));
    }
    if (!capacity.has("storage") || capacity.size() > 1) {
      errs.add(Checks.notSupported("spec.capacity", capacity.isEmpty() ? new GoValue("core.ResourceList(nil)")
          : new GoValue(capacity.toString()), List.of("storage")));
    }
    for (Map.Entry<String, JsonNode> e : capacity.properties()) {
      String path = "spec.capacity[" + e.getKey() + "]";
      Quantity q = Quantity.of(e.getValue());
      if (q != null && q.signum() <= 0) {
        errs.add(FieldError.invalid(path, q.toString(), Checks.NOT_POSITIVE));
      }
    }
    String policy = Checks.text(spec, "persistentVolumeReclaimPolicy");
    if (!policy.isEmpty() && !RECLAIM_POLICIES.contains(policy)) {
      errs.add(Checks.notSupported("spec.persistentVolumeReclaimPolicy", policy, RECLAIM_POLICIES));
    }
    sources(errs, spec);
    VolumeRules.classAndMode(errs, spec);
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(KubeObject o, KubeObject old) {
    List<FieldError> errs = validate(o);
    JsonNode spec = o.node().path("spec");
    JsonNode oldSpec = old.node().path("spec");
    for (String source : SOURCES) {
      if (!Objects.equals(spec.get(source), oldSpec.get(source))) {
        errs.add(FieldError.forbidden("spec.persistentvolumesource",
            "spec.persistentvolumesource is immutable after creation"));
        break;
      }
    }
    if (!Objects.equals(spec.get("volumeMode"), oldSpec.get("volumeMode"))) {
      // Upstream names this field without its spec prefix.
      errs.add(FieldError.invalid("volumeMode", Checks.text(spec, "volumeMode"), "field is immutable"));
    }
    return errs;
  }

  /** Exactly one volume source, with the few fields upstream requires of the common ones. */
  private static void sources(List<FieldError> errs, JsonNode spec) {
    int count = 0;
    for (String source : SOURCES) {
      JsonNode s = spec.get(source);
      if (s == null || s.isNull()) {
        continue;
      }
      if (count > 0 && !source.equals("flexVolume")) {
        errs.add(FieldError.forbidden("spec." + source, "may not specify more than 1 volume type"));
        continue;
      }
      count++;
      String path = "spec." + source;
      switch (source) {
        case "hostPath", "local" -> {
          if (Checks.text(s, "path").isEmpty()) {
            errs.add(FieldError.required(path + ".path", ""));
          }
          if (source.equals("local") && spec.path("nodeAffinity").isMissingNode()) {
            errs.add(FieldError.required("spec.nodeAffinity", "Local volume requires node affinity"));
          }
        }
        case "nfs" -> {
          if (Checks.text(s, "server").isEmpty()) {
            errs.add(FieldError.required(path + ".server", ""));
          }
          String p = Checks.text(s, "path");
          if (p.isEmpty()) {
            errs.add(FieldError.required(path + ".path", ""));
          } else if (!p.startsWith("/")) {
            errs.add(FieldError.invalid(path + ".path", p, "must be an absolute path"));
          }
        }
        case "csi" -> {
          if (Checks.text(s, "driver").isEmpty()) {
            errs.add(FieldError.required(path + ".driver", ""));
          }
          if (Checks.text(s, "volumeHandle").isEmpty()) {
            errs.add(FieldError.required(path + ".volumeHandle", ""));
          }
        }
        default -> { }
      }
    }
    if (count == 0) {
      errs.add(FieldError.required("spec", "must specify a volume type"));
    }
  }

  private String now() {
    return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
  }

  static ObjectNode object(ObjectNode parent, String field) {
    return parent.get(field) instanceof ObjectNode o ? o : parent.putObject(field);
  }
}
