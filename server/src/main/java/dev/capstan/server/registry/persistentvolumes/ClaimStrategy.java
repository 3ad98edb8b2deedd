package dev.capstan.server.registry.persistentvolumes;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.registry.values.Checks;
import dev.capstan.server.registry.values.Quantity;
import dev.capstan.server.validation.TypeChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * PersistentVolumeClaims: volume mode Filesystem by default, Pending when new; access modes and a positive storage
 * request required, as upstream; after create only the storage request (never below the bound capacity), the
 * volume attributes class and a first volumeName may change.
 */
final class ClaimStrategy implements Strategy {
  @Override
  public void checkTypes(KubeObject o, String kind, String apiVersion) {
    TypeChecks.of(o, kind, apiVersion).stringList("PersistentVolumeClaimSpec", "spec", "accessModes")
        .nested("PersistentVolumeClaimSpec", "string", "spec", "storageClassName")
        .nested("PersistentVolumeClaimSpec", "string", "spec", "volumeName")
        .nested("PersistentVolumeClaimSpec", "string", "spec", "volumeMode");
    Quantity.checkList(o.node().path("spec").path("resources").get("requests"), kind, apiVersion);
    Quantity.checkList(o.node().path("spec").path("resources").get("limits"), kind, apiVersion);
  }

  @Override
  public void applyDefaults(KubeObject o) {
    ObjectNode spec = PersistentVolumeStrategy.object(o.node(), "spec");
    if (!spec.has("volumeMode") || spec.get("volumeMode").isNull()) {
      spec.put("volumeMode", "Filesystem");
    }
    ObjectNode status = PersistentVolumeStrategy.object(o.node(), "status");
    if (Checks.text(status, "phase").isEmpty()) {
      status.put("phase", "Pending");
    }
  }

  @Override
  public void prepareForCreate(KubeObject o) {
    PersistentVolumeStrategy.object(o.node(), "status").put("phase", "Pending");
  }

  @Override
  public List<FieldError> validate(KubeObject o) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode spec = o.node().path("spec");
    if (spec.path("accessModes").isEmpty()) {
      errs.add(FieldError.required("spec.accessModes", "at least 1 access mode is required"));
    }
    VolumeRules.accessModes(errs, "spec.accessModes", spec.path("accessModes"));
    JsonNode storage = spec.path("resources").path("requests").get("storage");
    if (storage == null || storage.isNull()) {
      errs.add(FieldError.required("spec.resources[storage]", ""));
    } else {
      Quantity q = Quantity.of(storage);
      if (q != null && q.signum() <= 0) {
        errs.add(FieldError.invalid("spec.resources[storage]", q.toString(), Checks.NOT_POSITIVE));
      }
    }
    VolumeRules.classAndMode(errs, spec);
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(KubeObject o, KubeObject old) {
    List<FieldError> errs = validate(o);
    ObjectNode spec = (ObjectNode) o.node().path("spec").deepCopy();
    JsonNode oldSpecNode = old.node().path("spec");
    ObjectNode oldSpec = oldSpecNode instanceof ObjectNode on ? on.deepCopy() : spec.objectNode();
    // What may change: the storage request, the attributes class, and volumeName while it is still empty.
    for (ObjectNode s : List.of(spec, oldSpec)) {
      if (s.path("resources").path("requests") instanceof ObjectNode r) {
        r.remove("storage");
      }
      s.remove("volumeAttributesClassName");
    }
    if (Checks.text(oldSpec, "volumeName").isEmpty()) {
      spec.remove("volumeName");
      oldSpec.remove("volumeName");
    }
    if (!spec.equals(oldSpec)) {
      errs.add(FieldError.forbidden("spec",
          "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound "
              + "claims"));
    }
    Quantity newSize = Quantity.orZero(o.node().path("spec").path("resources").path("requests").get("storage"));
    Quantity oldSize = Quantity.orZero(oldSpecNode.path("resources").path("requests").get("storage"));
    Quantity bound = Quantity.orZero(old.node().path("status").path("capacity").get("storage"));
    if (newSize.compareTo(oldSize) < 0 && newSize.compareTo(bound) <= 0) {
      errs.add(FieldError.forbidden("spec.resources.requests.storage", "field can not be less than status.capacity"));
    }
    if (!Objects.equals(o.node().path("spec").get("volumeMode"), oldSpecNode.get("volumeMode"))) {
      errs.add(FieldError.invalid("volumeMode", Checks.text(o.node().path("spec"), "volumeMode"),
          "field is immutable"));
    }
    return errs;
  }
}
