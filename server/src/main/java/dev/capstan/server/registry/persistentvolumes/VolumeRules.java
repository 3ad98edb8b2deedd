package dev.capstan.server.registry.persistentvolumes;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.values.Checks;
import dev.capstan.server.registry.values.Quantity;
import dev.capstan.server.validation.NameRules;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** What volumes and claims share: access modes, volume modes and upstream's short forms of them. */
final class VolumeRules {
  static final List<String> ACCESS_MODES = List.of("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce",
      "ReadWriteOncePod");
  static final List<String> VOLUME_MODES = List.of("Block", "Filesystem");
  static final String BETA_CLASS = "volume.beta.kubernetes.io/storage-class";

  private VolumeRules() {}

  /** Each mode supported, and ReadWriteOncePod alone if present. */
  static void accessModes(List<FieldError> errs, String path, JsonNode modes) {
    boolean once = false;
    boolean other = false;
    for (JsonNode m : modes) {
      String mode = m.asString("");
      if (!ACCESS_MODES.contains(mode)) {
        errs.add(Checks.notSupported(path, mode, ACCESS_MODES));
      } else if (mode.equals("ReadWriteOncePod")) {
        once = true;
      } else {
        other = true;
      }
    }
    if (once && other) {
      errs.add(FieldError.forbidden(path, "may not use ReadWriteOncePod with other access modes"));
    }
  }

  /** The class and mode a volume and a claim share: a DNS-subdomain storage class, a supported volume mode. */
  static void classAndMode(List<FieldError> errs, JsonNode spec) {
    String storageClass = Checks.text(spec, "storageClassName");
    if (!storageClass.isEmpty()) {
      NameRules.dns1123Subdomain(storageClass).forEach(m -> errs.add(FieldError.invalid("spec.storageClassName",
          storageClass, m)));
    }
    volumeMode(errs, "spec.volumeMode", spec.get("volumeMode"));
  }

  static void volumeMode(List<FieldError> errs, String path, JsonNode mode) {
    if (mode != null && !mode.isNull() && !VOLUME_MODES.contains(mode.asString(""))) {
      errs.add(Checks.notSupported(path, mode.asString(""), VOLUME_MODES));
    }
  }

  /** RWO, ROX, RWX, RWOP in that order, as upstream's GetAccessModesAsString. */
  static String accessModesString(JsonNode modes) {
    List<String> have = new ArrayList<>();
    modes.forEach(m -> have.add(m.asString("")));
    List<String> out = new ArrayList<>();
    String[][] shorts = {{"ReadWriteOnce", "RWO"}, {"ReadOnlyMany", "ROX"}, {"ReadWriteMany", "RWX"},
        {"ReadWriteOncePod", "RWOP"}};
    for (String[] s : shorts) {
      if (have.contains(s[0])) {
        out.add(s[1]);
      }
    }
    return String.join(",", out);
  }

  /** The storage class: the beta annotation wins over the field, as upstream reads it. */
  static String storageClass(KubeObject o) {
    JsonNode annotation = o.metadata().path("annotations").get(BETA_CLASS);
    if (annotation != null && !annotation.isNull()) {
      return annotation.asString("");
    }
    return Checks.text(o.node().path("spec"), "storageClassName");
  }

  /** A quantity cell: the canonical form, or {@code 0} when absent, as a zero Quantity prints. */
  static String quantity(JsonNode v) {
    return Quantity.orZero(v).toString();
  }

  static String orUnset(JsonNode v) {
    return v == null || v.isNull() ? "<unset>" : v.asString("");
  }
}
