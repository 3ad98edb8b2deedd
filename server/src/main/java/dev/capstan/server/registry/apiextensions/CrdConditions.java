package dev.capstan.server.registry.apiextensions;

import dev.capstan.api.KubeObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The conditions of a CustomResourceDefinition's status (NamesAccepted, Established, Terminating), kept as upstream
 * keeps them: one per type, in the order they were first set, the transition time changing only with the status.
 */
public final class CrdConditions {
  public static final String NAMES_ACCEPTED = "NamesAccepted";
  public static final String ESTABLISHED = "Established";
  public static final String TERMINATING = "Terminating";
  /** The finalizer that holds a deleted CRD until its custom resources are gone. */
  public static final String CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";

  private CrdConditions() {}

  /** Sets a condition on {@code crd}; true when that changed anything. */
  public static boolean set(KubeObject crd, String type, String status, String reason, String message, Instant now) {
    JsonNode statusNode = crd.node().path("status");
    ObjectNode statusObject = statusNode instanceof ObjectNode o ? o : crd.node().putObject("status");
    ArrayNode conditions = statusObject.path("conditions") instanceof ArrayNode a ? a
        : statusObject.putArray("conditions");
    for (JsonNode c : conditions) {
      if (c.path("type").asString("").equals(type)) {
        ObjectNode existing = (ObjectNode) c;
        boolean same = existing.path("status").asString("").equals(status)
            && existing.path("reason").asString("").equals(reason)
            && existing.path("message").asString("").equals(message);
        if (same) {
          return false;
        }
        if (!existing.path("status").asString("").equals(status)) {
          existing.put("lastTransitionTime", time(now));
        }
        existing.put("status", status).put("reason", reason).put("message", message);
        return true;
      }
    }
    conditions.addObject().put("type", type).put("status", status).put("lastTransitionTime", time(now))
        .put("reason", reason).put("message", message);
    return true;
  }

  /** True when the condition of {@code type} is there with status True. */
  public static boolean isTrue(JsonNode crd, String type) {
    for (JsonNode c : crd.path("status").path("conditions")) {
      if (c.path("type").asString("").equals(type)) {
        return c.path("status").asString("").equals("True");
      }
    }
    return false;
  }

  private static String time(Instant now) {
    return now.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
