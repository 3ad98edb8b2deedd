package dev.capstan.server.registry.pods;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's scheme defaults for a PodSpec (pkg/apis/core/v1/defaults.go), plus the fields Go's JSON encoding
 * always writes ({@code resources: {}}), so stored objects read back as from a real cluster.
 */
final class SpecDefaults {
  /** Upstream's default file mode of secret, configMap, downwardAPI and projected volumes (0644). */
  static final int DEFAULT_MODE = 420;

  private SpecDefaults() {}

  static void spec(ObjectNode spec) {
    putIfEmpty(spec, "dnsPolicy", "ClusterFirst");
    putIfEmpty(spec, "restartPolicy", "Always");
    putIfEmpty(spec, "schedulerName", "default-scheduler");
    if (!spec.hasNonNull("securityContext")) {
      spec.putObject("securityContext");
    }
    if (!spec.hasNonNull("terminationGracePeriodSeconds")) {
      spec.put("terminationGracePeriodSeconds", 30);
    }
    // v1 keeps the deprecated serviceAccount in step with serviceAccountName (upstream's conversion does this).
    String account = spec.path("serviceAccountName").asString("");
    if (account.isEmpty()) {
      account = spec.path("serviceAccount").asString("");
      if (!account.isEmpty()) {
        spec.put("serviceAccountName", account);
      }
    }
    if (!account.isEmpty()) {
      spec.put("serviceAccount", account);
    }
    boolean hostNetwork = spec.path("hostNetwork").asBoolean(false);
    for (String list : new String[] {"containers", "initContainers", "ephemeralContainers"}) {
      for (JsonNode c : spec.path(list)) {
        if (c instanceof ObjectNode container) {
          container(container, hostNetwork);
        }
      }
    }
    for (JsonNode v : spec.path("volumes")) {
      if (v instanceof ObjectNode volume) {
        volume(volume);
      }
    }
  }

  /** Defaults only a Pod gets, not a template (upstream's SetDefaults_Pod). */
  static void podOnly(ObjectNode spec) {
    if (!spec.hasNonNull("enableServiceLinks")) {
      spec.put("enableServiceLinks", true);
    }
    for (String list : new String[] {"containers", "initContainers"}) {
      for (JsonNode c : spec.path(list)) {
        // Limits without requests mean requests equal to the limits.
        JsonNode limits = c.path("resources").path("limits");
        if (limits.isObject() && !limits.isEmpty() && c.get("resources") instanceof ObjectNode resources) {
          ObjectNode requests = resources.get("requests") instanceof ObjectNode r ? r : resources.putObject("requests");
          for (Map.Entry<String, JsonNode> e : limits.properties()) {
            if (!requests.has(e.getKey())) {
              requests.set(e.getKey(), e.getValue().deepCopy());
            }
          }
        }
      }
    }
  }

  private static void container(ObjectNode c, boolean hostNetwork) {
    putIfEmpty(c, "terminationMessagePath", "/dev/termination-log");
    putIfEmpty(c, "terminationMessagePolicy", "File");
    if (c.path("imagePullPolicy").asString("").isEmpty()) {
      c.put("imagePullPolicy", "latest".equals(imageTag(c.path("image").asString(""))) ? "Always" : "IfNotPresent");
    }
    if (!c.hasNonNull("resources")) {
      c.putObject("resources");
    }
    for (JsonNode p : c.path("ports")) {
      if (p instanceof ObjectNode port) {
        putIfEmpty(port, "protocol", "TCP");
        if (hostNetwork && port.path("hostPort").asLong(0) == 0 && port.has("containerPort")) {
          port.set("hostPort", port.get("containerPort").deepCopy());
        }
      }
    }
    for (JsonNode env : c.path("env")) {
      fieldRef(env.path("valueFrom").get("fieldRef"));
    }
    for (String probe : new String[] {"livenessProbe", "readinessProbe", "startupProbe"}) {
      if (c.get(probe) instanceof ObjectNode p) {
        probe(p);
      }
    }
    JsonNode lifecycle = c.path("lifecycle");
    for (String hook : new String[] {"postStart", "preStop"}) {
      httpGet(lifecycle.path(hook).get("httpGet"));
    }
  }

  private static void probe(ObjectNode p) {
    putIfAbsent(p, "timeoutSeconds", 1);
    putIfAbsent(p, "periodSeconds", 10);
    putIfAbsent(p, "successThreshold", 1);
    putIfAbsent(p, "failureThreshold", 3);
    httpGet(p.get("httpGet"));
  }

  private static void httpGet(JsonNode action) {
    if (action instanceof ObjectNode a) {
      putIfEmpty(a, "path", "/");
      putIfEmpty(a, "scheme", "HTTP");
    }
  }

  private static void volume(ObjectNode v) {
    for (String source : new String[] {"secret", "configMap", "downwardAPI", "projected"}) {
      if (v.get(source) instanceof ObjectNode s) {
        putIfAbsent(s, "defaultMode", DEFAULT_MODE);
      }
    }
    v.path("downwardAPI").path("items").forEach(item -> fieldRef(item.get("fieldRef")));
    for (JsonNode source : v.path("projected").path("sources")) {
      source.path("downwardAPI").path("items").forEach(item -> fieldRef(item.get("fieldRef")));
      if (source.get("serviceAccountToken") instanceof ObjectNode token) {
        putIfAbsent(token, "expirationSeconds", 3600);
      }
    }
    if (v.get("hostPath") instanceof ObjectNode hostPath && !hostPath.has("type")) {
      hostPath.put("type", "");
    }
  }

  private static void fieldRef(JsonNode ref) {
    if (ref instanceof ObjectNode r) {
      putIfEmpty(r, "apiVersion", "v1");
    }
  }

  /**
   * The tag of an image reference as upstream's image-name parser finds it: "latest" when there is neither a
   * tag nor a digest, "" when there is only a digest.
   */
  static String imageTag(String image) {
    String name = image;
    boolean digest = false;
    int at = name.indexOf('@');
    if (at >= 0) {
      name = name.substring(0, at);
      digest = true;
    }
    int colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf('/')) {
      return name.substring(colon + 1);
    }
    return digest ? "" : "latest";
  }

  static void putIfEmpty(ObjectNode o, String field, String value) {
    if (o.path(field).asString("").isEmpty()) {
      o.put(field, value);
    }
  }

  private static void putIfAbsent(ObjectNode o, String field, int value) {
    if (!o.hasNonNull(field)) {
      o.put(field, value);
    }
  }
}
