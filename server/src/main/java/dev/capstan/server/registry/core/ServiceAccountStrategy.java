package dev.capstan.server.registry.core;

import dev.capstan.api.ApiException;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.validation.TypeChecks;
import tools.jackson.databind.JsonNode;

/** ServiceAccounts: DNS-subdomain names; {@code secrets} and {@code imagePullSecrets} are lists of references. */
final class ServiceAccountStrategy implements Strategy {
  @Override
  public void checkTypes(KubeObject o, String kind, String apiVersion) {
    TypeChecks.of(o, kind, apiVersion).bool("automountServiceAccountToken");
    for (String field : new String[] {"secrets", "imagePullSecrets"}) {
      JsonNode list = o.node().get(field);
      if (list != null && !list.isNull() && (!list.isArray() || !allObjects(list))) {
        String goType = field.equals("secrets") ? "[]v1.ObjectReference" : "[]v1.LocalObjectReference";
        throw ApiException.badRequest(kind + " in version \"" + apiVersion + "\" cannot be handled as a " + kind
            + ": json: cannot unmarshal " + (list.isArray() ? "value" : list.getNodeType().name().toLowerCase(
                java.util.Locale.ROOT)) + " into Go struct field " + kind + "." + field + " of type " + goType);
      }
    }
  }

  private static boolean allObjects(JsonNode list) {
    for (JsonNode item : list) {
      if (!item.isObject()) {
        return false;
      }
    }
    return true;
  }
}
