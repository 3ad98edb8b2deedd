package dev.capstan.server.registry.networking;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.registry.shared.Rules;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/** IPAddresses: named by the address itself, and owned by the object that holds it (parentRef). */
final class IpAddressStrategy implements Strategy {
  @Override
  public Function<String, List<String>> nameRule() {
    return name -> Addresses.isIp(name) ? List.of()
        : List.of("must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
  }

  @Override
  public List<FieldError> validate(KubeObject o) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode ref = o.node().path("spec").path("parentRef");
    if (!ref.isObject()) {
      errs.add(FieldError.required("spec.parentRef", ""));
      return errs;
    }
    for (String field : new String[] {"resource", "name"}) {
      if (ref.path(field).asString("").isEmpty()) {
        errs.add(FieldError.required("spec.parentRef." + field, ""));
      }
    }
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(KubeObject o, KubeObject old) {
    List<FieldError> errs = validate(o);
    JsonNode ref = o.node().path("spec").path("parentRef");
    if (!ref.equals(old.node().path("spec").path("parentRef"))) {
      // Upstream shows the new reference as Go prints the struct.
      errs.add(Rules.immutable("spec.parentRef", new Rules.GoLiteral("networking.ParentReference{Group:"
          + quoted(ref, "group") + ", Resource:" + quoted(ref, "resource") + ", Namespace:" + quoted(ref, "namespace")
          + ", Name:" + quoted(ref, "name") + "}")));
    }
    return errs;
  }

  private static String quoted(JsonNode ref, String field) {
    return FieldError.goQuote(ref.path(field).asString(""));
  }
}
