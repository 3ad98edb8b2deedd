package dev.capstan.server.registry;

import dev.capstan.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Continue tokens in upstream's format: unpadded base64url of {@code {"v":"meta.k8s.io/v1","rv":N,"start":K}},
 * where K is the next key relative to the list's prefix followed by a NUL, so clients that inspect or replay
 * tokens behave as against a real server.
 */
final class ContinueTokens {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String VERSION = "meta.k8s.io/v1";

  /** A decoded token: the revision to read at and the last key already returned. */
  record Position(long revision, String lastKey) {}

  private ContinueTokens() {}

  static String encode(long revision, String prefix, String lastKey) {
    ObjectNode o = JSON.createObjectNode();
    o.put("v", VERSION);
    o.put("rv", revision);
    o.put("start", lastKey.substring(prefix.length()) + "\u0000");
    return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(o));
  }

  static Position decode(String token, String prefix) {
    JsonNode o;
    try {
      o = JSON.readTree(Base64.getUrlDecoder().decode(token.replace("=", "")));
    } catch (IllegalArgumentException | JacksonException e) {
      throw invalid("could not decode the token");
    }
    if (o == null || !o.isObject()) {
      throw invalid("could not decode the token");
    }
    if (!VERSION.equals(o.path("v").asString(""))) {
      throw invalid("server does not recognize this encoded version");
    }
    long rv = o.path("rv").asLong(0);
    if (rv <= 0) {
      throw invalid("incorrect encoded start resourceVersion (version " + VERSION + ")");
    }
    String start = o.path("start").asString("");
    // Upstream's tokens name the next key as the last one returned plus a NUL; nothing else is ours.
    if (!start.endsWith("\u0000") || start.length() < 2 || start.startsWith("/") || start.contains("..")) {
      throw invalid("encoded start key is not valid");
    }
    return new Position(rv, prefix + start.substring(0, start.length() - 1));
  }

  /** Text upstream returns when a continue token's revision has been compacted. */
  static final String EXPIRED = "The provided continue parameter is too old to display a consistent list result. "
      + "You can start a new list without the continue parameter, or use the continue token in this response to "
      + "retrieve the remainder of the results. Continuing with the provided token results in an inconsistent "
      + "list - objects that were created, modified, or deleted between the time the first chunk was returned and "
      + "now may show up in the list.";

  private static ApiException invalid(String why) {
    return ApiException.badRequest("continue key is not valid: " + why);
  }
}
