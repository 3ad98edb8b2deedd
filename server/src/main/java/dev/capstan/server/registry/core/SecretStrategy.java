package dev.capstan.server.registry.core;

import dev.capstan.api.ApiException;
import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.validation.TypeChecks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Secrets: type Opaque by default, {@code stringData} folded into {@code data} (it is write-only, as upstream's
 * conversion makes it), values that must be base64, config-key syntax, 1 MiB in all, type immutable.
 */
final class SecretStrategy implements Strategy {
  @Override
  public void checkTypes(KubeObject o, String kind, String apiVersion) {
    TypeChecks.of(o, kind, apiVersion).stringMap("data").stringMap("stringData").string("type").bool("immutable");
  }

  @Override
  public void prepareForCreate(KubeObject o) {
    normalize(o);
  }

  @Override
  public void prepareForUpdate(KubeObject o, KubeObject old) {
    normalize(o);
  }

  @Override
  public List<FieldError> validate(KubeObject o) {
    List<FieldError> errs = new ArrayList<>();
    if (DataRules.checkKeys(o, "data", true, errs) > DataRules.MAX_BYTES) {
      errs.add(new FieldError(FieldError.Type.TOO_LONG, "data", null, "must have at most " + DataRules.MAX_BYTES
          + " bytes"));
    }
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(KubeObject o, KubeObject old) {
    List<FieldError> errs = validate(o);
    String type = o.node().path("type").asString("");
    if (!type.equals(old.node().path("type").asString(""))) {
      errs.add(FieldError.invalid("type", type, "field is immutable"));
    }
    return errs;
  }

  private static void normalize(KubeObject o) {
    ObjectNode node = o.node();
    if (node.path("type").asString("").isEmpty()) {
      node.put("type", "Opaque");
    }
    JsonNode data = node.get("data");
    if (data != null && !data.isNull() && !data.isObject()) {
      throw ApiException.badRequest("Secret in version \"v1\" cannot be handled as a Secret: data must be an object");
    }
    if (data != null && data.isObject()) {
      for (Map.Entry<String, JsonNode> e : data.properties()) {
        try {
          Base64.getDecoder().decode(e.getValue().asString(""));
        } catch (IllegalArgumentException bad) {
          throw ApiException.badRequest("Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data "
              + "in data." + e.getKey());
        }
      }
    }
    JsonNode stringData = node.remove("stringData");
    if (stringData != null && stringData.isObject()) {
      ObjectNode target = node.path("data") instanceof ObjectNode d ? d : node.putObject("data");
      for (Map.Entry<String, JsonNode> e : stringData.properties()) {
        target.put(e.getKey(), Base64.getEncoder().encodeToString(
            e.getValue().asString("").getBytes(StandardCharsets.UTF_8)));
      }
    }
  }
}
