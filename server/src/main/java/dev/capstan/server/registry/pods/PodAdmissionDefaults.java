package dev.capstan.server.registry.pods;

import dev.capstan.api.ApiException;
import dev.capstan.api.GroupResource;
import java.util.Map;
import java.util.random.RandomGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What upstream's default admission plugins do to a new Pod (never to a template), so a pod reads back as from a
 * real cluster: ServiceAccount (the "default" account and its projected API token volume mounted in every
 * container), DefaultTolerationSeconds (tolerate not-ready and unreachable nodes for 300s) and Priority (priority
 * and preemptionPolicy from the PriorityClass; 0 without one).
 *
 * <p>Known gaps: the service account is not looked up (neither its existence nor its automount setting), and
 * only the two built-in PriorityClasses are known, since this server does not serve PriorityClasses yet.
 */
public final class PodAdmissionDefaults {
  /** Where the token volume is mounted, as upstream's ServiceAccount plugin does. */
  public static final String TOKEN_MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
  private static final String TOKEN_VOLUME_PREFIX = "kube-api-access-";
  private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final long TOKEN_EXPIRATION_SECONDS = 3607;
  private static final long DEFAULT_TOLERATION_SECONDS = 300;
  private static final Map<String, Long> BUILT_IN_PRIORITY_CLASSES = Map.of(
      "system-node-critical", 2000001000L, "system-cluster-critical", 2000000000L);
  private static final GroupResource PODS = new GroupResource("", "pods");

  private final RandomGenerator random;

  /** @param random draws the token volume's name suffix; tests pass a seeded one */
  public PodAdmissionDefaults(RandomGenerator random) {
    this.random = random;
  }

  /**
   * Applies the plugins' changes to a new pod; may change {@code pod}.
   *
   * @throws ApiException 403 as the Priority plugin refuses a pod: an unknown PriorityClass, or a priority that
   *     differs from its class's
   */
  public void admit(ObjectNode pod) {
    ObjectNode spec = pod.get("spec") instanceof ObjectNode s ? s : pod.putObject("spec");
    serviceAccount(spec);
    tolerations(spec);
    priority(spec, pod.path("metadata").path("name").asString(""));
  }

  private void serviceAccount(ObjectNode spec) {
    if (spec.path("serviceAccountName").asString("").isEmpty()) {
      spec.put("serviceAccountName", "default");
    }
    spec.put("serviceAccount", spec.path("serviceAccountName").asString(""));
    if (!spec.path("automountServiceAccountToken").asBoolean(true)) {
      return;
    }
    String volumeName = null;
    for (JsonNode v : spec.path("volumes")) {
      String name = v.path("name").asString("");
      if (name.startsWith(TOKEN_VOLUME_PREFIX)) {
        volumeName = name;
        break;
      }
    }
    boolean haveVolume = volumeName != null;
    if (!haveVolume) {
      volumeName = TOKEN_VOLUME_PREFIX + suffix();
    }
    boolean needVolume = false;
    for (String list : new String[] {"initContainers", "containers"}) {
      for (JsonNode c : spec.path(list)) {
        if (!(c instanceof ObjectNode container) || mountsTokenPath(container)) {
          continue;
        }
        ArrayNode mounts = container.get("volumeMounts") instanceof ArrayNode a ? a
            : container.putArray("volumeMounts");
        mounts.addObject().put("name", volumeName).put("readOnly", true).put("mountPath", TOKEN_MOUNT_PATH);
        needVolume = true;
      }
    }
    if (needVolume && !haveVolume) {
      ArrayNode volumes = spec.get("volumes") instanceof ArrayNode a ? a : spec.putArray("volumes");
      tokenVolume(volumes.addObject(), volumeName);
    }
  }

  private static boolean mountsTokenPath(JsonNode container) {
    for (JsonNode m : container.path("volumeMounts")) {
      if (m.path("mountPath").asString("").equals(TOKEN_MOUNT_PATH)) {
        return true;
      }
    }
    return false;
  }

  /** The projected volume: a bound token, the cluster's CA bundle and the pod's namespace. */
  private static void tokenVolume(ObjectNode volume, String name) {
    volume.put("name", name);
    ObjectNode projected = volume.putObject("projected");
    ArrayNode sources = projected.putArray("sources");
    sources.addObject().putObject("serviceAccountToken").put("expirationSeconds", TOKEN_EXPIRATION_SECONDS)
        .put("path", "token");
    ObjectNode configMap = sources.addObject().putObject("configMap");
    configMap.put("name", "kube-root-ca.crt");
    configMap.putArray("items").addObject().put("key", "ca.crt").put("path", "ca.crt");
    ObjectNode item = sources.addObject().putObject("downwardAPI").putArray("items").addObject();
    item.putObject("fieldRef").put("apiVersion", "v1").put("fieldPath", "metadata.namespace");
    item.put("path", "namespace");
    projected.put("defaultMode", SpecDefaults.DEFAULT_MODE);
  }

  private String suffix() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      s.append(SUFFIX_ALPHABET.charAt(random.nextInt(SUFFIX_ALPHABET.length())));
    }
    return s.toString();
  }

  private static void tolerations(ObjectNode spec) {
    boolean notReady = false;
    boolean unreachable = false;
    for (JsonNode t : spec.path("tolerations")) {
      String key = t.path("key").asString("");
      String effect = t.path("effect").asString("");
      boolean noExecute = effect.isEmpty() || effect.equals("NoExecute");
      notReady |= noExecute && (key.isEmpty() || key.equals("node.kubernetes.io/not-ready"));
      unreachable |= noExecute && (key.isEmpty() || key.equals("node.kubernetes.io/unreachable"));
    }
    if (notReady && unreachable) {
      return;
    }
    ArrayNode tolerations = spec.get("tolerations") instanceof ArrayNode a ? a : spec.putArray("tolerations");
    if (!notReady) {
      toleration(tolerations, "node.kubernetes.io/not-ready");
    }
    if (!unreachable) {
      toleration(tolerations, "node.kubernetes.io/unreachable");
    }
  }

  private static void toleration(ArrayNode tolerations, String key) {
    tolerations.addObject().put("key", key).put("operator", "Exists").put("effect", "NoExecute")
        .put("tolerationSeconds", DEFAULT_TOLERATION_SECONDS);
  }

  private static void priority(ObjectNode spec, String podName) {
    String className = spec.path("priorityClassName").asString("");
    long priority = 0;
    if (!className.isEmpty()) {
      Long known = BUILT_IN_PRIORITY_CLASSES.get(className);
      if (known == null) {
        throw ApiException.forbidden(PODS, podName, "no PriorityClass with name " + className + " was found");
      }
      priority = known;
    }
    JsonNode given = spec.get("priority");
    if (given != null && !given.isNull() && given.asLong() != priority) {
      throw ApiException.forbidden(PODS, podName, "the integer value of priority (" + given.asLong() + ") must not "
          + "be provided in pod spec; priority admission controller computed " + priority
          + " from the given PriorityClass name");
    }
    spec.put("priority", priority);
    SpecDefaults.putIfEmpty(spec, "preemptionPolicy", "PreemptLowerPriority");
  }
}
