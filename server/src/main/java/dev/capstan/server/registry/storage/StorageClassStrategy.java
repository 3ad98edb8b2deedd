package dev.capstan.server.registry.storage;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.registry.shared.Rules;
import dev.capstan.server.validation.NameRules;
import dev.capstan.server.validation.TypeChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * StorageClasses: reclaimPolicy defaults to Delete and volumeBindingMode to Immediate; the provisioner is a
 * required qualified name; provisioner, parameters and reclaimPolicy are fixed once created, volumeBindingMode is
 * immutable, all with upstream's messages.
 */
final class StorageClassStrategy implements Strategy {
  private static final List<String> RECLAIM_POLICIES = List.of("Delete", "Retain");
  private static final List<String> BINDING_MODES = List.of("Immediate", "WaitForFirstConsumer");
  private static final int MAX_PARAMETERS = 512;
  private static final int MAX_PARAMETERS_SIZE = 256 * 1024;

  @Override
  public void checkTypes(KubeObject o, String kind, String apiVersion) {
    TypeChecks.of(o, kind, apiVersion).string("provisioner").stringMap("parameters").string("reclaimPolicy")
        .string("volumeBindingMode").bool("allowVolumeExpansion");
  }

  @Override
  public void applyDefaults(KubeObject o) {
    if (!o.node().path("reclaimPolicy").isString()) {
      o.node().put("reclaimPolicy", "Delete");
    }
    if (!o.node().path("volumeBindingMode").isString()) {
      o.node().put("volumeBindingMode", "Immediate");
    }
  }

  @Override
  public List<FieldError> validate(KubeObject o) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode n = o.node();
    String provisioner = n.path("provisioner").asString("");
    if (provisioner.isEmpty()) {
      errs.add(FieldError.required("provisioner", ""));
    } else {
      NameRules.qualifiedName(provisioner.toLowerCase(Locale.ROOT))
          .forEach(m -> errs.add(FieldError.invalid("provisioner", provisioner, m)));
    }
    JsonNode params = n.path("parameters");
    if (params.size() > MAX_PARAMETERS) {
      errs.add(FieldError.tooLong("parameters", MAX_PARAMETERS));
    } else {
      long size = 0;
      for (var e : params.properties()) {
        if (e.getKey().isEmpty()) {
          errs.add(FieldError.invalid("parameters", "", "field can not be empty."));
        }
        size += e.getKey().length() + e.getValue().asString("").length();
      }
      if (size > MAX_PARAMETERS_SIZE) {
        errs.add(FieldError.tooLong("parameters", MAX_PARAMETERS_SIZE));
      }
    }
    String reclaim = n.path("reclaimPolicy").asString("");
    if (!reclaim.isEmpty() && !RECLAIM_POLICIES.contains(reclaim)) {
      errs.add(Rules.notSupported("reclaimPolicy", reclaim, RECLAIM_POLICIES));
    }
    JsonNode mode = n.get("volumeBindingMode");
    if (mode == null || mode.isNull()) {
      errs.add(FieldError.required("volumeBindingMode", ""));
    } else if (!BINDING_MODES.contains(mode.asString(""))) {
      errs.add(Rules.notSupported("volumeBindingMode", mode.asString(""), BINDING_MODES));
    }
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(KubeObject o, KubeObject old) {
    List<FieldError> errs = validate(o);
    JsonNode n = o.node();
    JsonNode before = old.node();
    if (!Objects.equals(present(n.get("parameters")), present(before.get("parameters")))) {
      errs.add(FieldError.forbidden("parameters", "updates to parameters are forbidden."));
    }
    if (!n.path("provisioner").asString("").equals(before.path("provisioner").asString(""))) {
      errs.add(FieldError.forbidden("provisioner", "updates to provisioner are forbidden."));
    }
    if (!n.path("reclaimPolicy").asString("").equals(before.path("reclaimPolicy").asString(""))) {
      errs.add(FieldError.forbidden("reclaimPolicy", "updates to reclaimPolicy are forbidden."));
    }
    String mode = n.path("volumeBindingMode").asString("");
    if (!mode.equals(before.path("volumeBindingMode").asString(""))) {
      errs.add(Rules.immutable("volumeBindingMode", mode));
    }
    return errs;
  }

  /** Absent and null parameters are the same (a nil map); an empty object is not, as Go's DeepEqual sees it. */
  private static JsonNode present(JsonNode n) {
    return n == null || n.isNull() ? null : n;
  }
}
