package dev.capstan.server.registry.core;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.validation.NameRules;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The checks ConfigMaps and Secrets share: config-key syntax and the 1 MiB size limit. */
final class DataRules {
  static final int MAX_BYTES = 1024 * 1024;

  private DataRules() {}

  /** Adds key errors under {@code field}; returns the bytes the values take (decoded when base64). */
  static long checkKeys(KubeObject o, String field, boolean base64, List<FieldError> errs) {
    JsonNode data = o.node().get(field);
    if (data == null || !data.isObject()) {
      return 0;
    }
    long size = 0;
    for (Map.Entry<String, JsonNode> e : data.properties()) {
      NameRules.configMapKey(e.getKey()).forEach(m -> errs.add(FieldError.invalid(field, e.getKey(), m)));
      String value = e.getValue().asString("");
      size += base64 ? decodedLength(value) : value.getBytes(StandardCharsets.UTF_8).length;
    }
    return size;
  }

  private static long decodedLength(String value) {
    try {
      return Base64.getDecoder().decode(value).length;
    } catch (IllegalArgumentException e) {
      return value.length();
    }
  }
}
