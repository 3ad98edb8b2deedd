package dev.capstan.server.conversion;

import dev.capstan.api.ApiException;
import dev.capstan.api.FieldError;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** How kube-apiserver's Go code prints the values that appear in conversion errors, so ours read the same. */
final class Go {
  private Go() {}

  /**
   * A conversion failure as the client sees it: kube-apiserver returns these errors unwrapped, so they become a
   * 500 Status with an empty reason and no details.
   */
  static ApiException failure(String message) {
    return new ApiException(500, "", message, null);
  }

  /** Go's %q of a string. */
  static String quote(String s) {
    return FieldError.goQuote(s);
  }

  /**
   * A GroupVersion as Go prints it after parsing an apiVersion: "group/version", just "version" for the core group,
   * and "" for a value that does not parse (more than one slash).
   */
  static String groupVersion(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    if (slash < 0) {
      return apiVersion;
    }
    if (apiVersion.indexOf('/', slash + 1) >= 0) {
      return "";
    }
    String group = apiVersion.substring(0, slash);
    String version = apiVersion.substring(slash + 1);
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** A GroupVersionKind as Go prints it, e.g. {@code stable.example.com/v1, Kind=CronTab}. */
  static String groupVersionKind(String apiVersion, String kind) {
    int slash = apiVersion.indexOf('/');
    String group = "";
    String version = apiVersion;
    if (slash >= 0) {
      if (apiVersion.indexOf('/', slash + 1) >= 0) {
        // Go gives up on the whole kind when the apiVersion does not parse.
        return "/, Kind=";
      }
      group = apiVersion.substring(0, slash);
      version = apiVersion.substring(slash + 1);
    }
    return group + "/" + version + ", Kind=" + kind;
  }

  static String groupVersionKind(JsonNode object) {
    return groupVersionKind(object.path("apiVersion").asString(""), object.path("kind").asString(""));
  }

  /** Go's %T of the value a JSON node decodes to in an unstructured object. */
  static String typeName(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "<nil>";
    }
    if (node.isObject()) {
      return "map[string]interface {}";
    }
    if (node.isArray()) {
      return "[]interface {}";
    }
    if (node.isString()) {
      return "string";
    }
    if (node.isBoolean()) {
      return "bool";
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return "int64";
    }
    return "float64";
  }

  /** A string field of an object as Go's unstructured getters read it: "" when absent or not a string. */
  static String string(JsonNode object, String field) {
    JsonNode v = object.path(field);
    return v.isString() ? v.asString() : "";
  }

  /** Go's Duration.String for the whole-millisecond durations we use, e.g. 30s, 1.5s, 500ms, 2m0s. */
  static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    long minutes = ms / 60_000;
    long restMs = ms % 60_000;
    String seconds = restMs % 1000 == 0 ? Long.toString(restMs / 1000)
        : stripZeros(String.format("%d.%03d", restMs / 1000, restMs % 1000));
    return minutes == 0 ? seconds + "s" : minutes + "m" + seconds + "s";
  }

  private static String stripZeros(String decimal) {
    int end = decimal.length();
    while (decimal.charAt(end - 1) == '0') {
      end--;
    }
    return decimal.substring(0, end);
  }
}
