package dev.capstan.server.registry.networking;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * ServiceCIDRs: one or two CIDRs (one per IP family). Only the shape is checked; no allocator consults them yet
 * (services still take their addresses from the fixed range).
 */
final class ServiceCidrStrategy implements Strategy {
  @Override
  public List<FieldError> validate(KubeObject o) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode cidrs = o.node().path("spec").path("cidrs");
    if (cidrs.isEmpty()) {
      errs.add(FieldError.required("spec.cidrs", "at least one CIDR required"));
      return errs;
    }
    if (cidrs.size() > 2) {
      List<String> given = new ArrayList<>();
      cidrs.forEach(c -> given.add(c.asString("")));
      errs.add(FieldError.invalid("spec.cidrs", given, "may only hold up to 2 values"));
      return errs;
    }
    for (int i = 0; i < cidrs.size(); i++) {
      String cidr = cidrs.get(i).asString("");
      if (Addresses.cidr(cidr) == null) {
        errs.add(FieldError.invalid("spec.cidrs[" + i + "]", cidr, "must be a valid CIDR value, (e.g. 10.9.8.0/24 "
            + "or 2001:db8::/64)"));
      }
    }
    return errs;
  }
}
