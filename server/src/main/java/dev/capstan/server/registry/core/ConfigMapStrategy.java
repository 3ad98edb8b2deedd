package dev.capstan.server.registry.core;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.validation.TypeChecks;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** ConfigMaps: config-key syntax for {@code data} and {@code binaryData}, no key in both, 1 MiB in all. */
final class ConfigMapStrategy implements Strategy {
  @Override
  public void checkTypes(KubeObject o, String kind, String apiVersion) {
    TypeChecks.of(o, kind, apiVersion).stringMap("data").stringMap("binaryData").bool("immutable");
  }

  @Override
  public List<FieldError> validate(KubeObject o) {
    List<FieldError> errs = new ArrayList<>();
    long size = DataRules.checkKeys(o, "data", false, errs) + DataRules.checkKeys(o, "binaryData", true, errs);
    if (o.node().path("data").isObject() && o.node().path("binaryData").isObject()) {
      for (Iterator<String> it = o.node().get("binaryData").propertyNames().iterator(); it.hasNext(); ) {
        String key = it.next();
        if (o.node().get("data").has(key)) {
          errs.add(FieldError.invalid("data", key, "duplicate of key present in binaryData"));
        }
      }
    }
    if (size > DataRules.MAX_BYTES) {
      errs.add(new FieldError(FieldError.Type.TOO_LONG, "", null, "must have at most " + DataRules.MAX_BYTES
          + " bytes"));
    }
    return errs;
  }
}
