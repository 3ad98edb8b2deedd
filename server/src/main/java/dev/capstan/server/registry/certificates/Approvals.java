package dev.capstan.server.registry.certificates;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code approval} subresource of a CertificateSigningRequest: it decides (Approved or Denied conditions) and
 * changes nothing else, as upstream's approval strategy; {@code kubectl certificate approve|deny} write it.
 */
public final class Approvals {
  private Approvals() {}

  static boolean isDecision(JsonNode condition) {
    String type = condition.path("type").asString("");
    return type.equals("Approved") || type.equals("Denied");
  }

  /**
   * The request as {@code current} with the decisions of {@code sent}: other conditions, the certificate and the
   * spec stay as stored; missing timestamps are filled.
   *
   * @throws dev.capstan.api.ApiException 422 when the request would be both approved and denied
   */
  public static KubeObject apply(KubeObject current, KubeObject sent, Instant now) {
    KubeObject next = current.deepCopy();
    ArrayNode conditions = next.node().arrayNode();
    current.node().path("status").path("conditions").forEach(c -> {
      if (!isDecision(c)) {
        conditions.add(c.deepCopy());
      }
    });
    String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
    List<FieldError> errs = new ArrayList<>();
    boolean approved = false;
    boolean denied = false;
    JsonNode sentConditions = sent.node().path("status").path("conditions");
    for (int i = 0; i < sentConditions.size(); i++) {
      JsonNode c = sentConditions.get(i);
      if (!isDecision(c)) {
        continue;
      }
      ObjectNode copy = (ObjectNode) c.deepCopy();
      if (!copy.has("lastUpdateTime")) {
        copy.put("lastUpdateTime", time);
      }
      if (!copy.has("lastTransitionTime")) {
        copy.put("lastTransitionTime", time);
      }
      if (!copy.has("status")) {
        copy.put("status", "True");
      }
      approved |= c.path("type").asString("").equals("Approved");
      denied |= c.path("type").asString("").equals("Denied");
      if (approved && denied) {
        errs.add(FieldError.invalid("status.conditions[" + i + "].type", c.path("type").asString(""),
            "Approved and Denied conditions are mutually exclusive"));
      }
      conditions.add(copy);
    }
    if (!errs.isEmpty()) {
      throw FieldError.invalid("certificates.k8s.io", "CertificateSigningRequest.certificates.k8s.io",
          "CertificateSigningRequest", current.name(), errs);
    }
    ObjectNode status = (ObjectNode) next.node().withObject("status");
    if (conditions.isEmpty()) {
      status.remove("conditions");
    } else {
      status.set("conditions", conditions);
    }
    return next;
  }
}
