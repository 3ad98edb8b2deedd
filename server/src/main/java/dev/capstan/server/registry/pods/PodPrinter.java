package dev.capstan.server.registry.pods;

import dev.capstan.api.KubeObject;
import dev.capstan.server.printers.Ages;
import dev.capstan.server.printers.Tables;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A pod's row as upstream's printPod computes it: READY counts ready containers (and started sidecars), STATUS
 * is the phase refined by init progress, container states and deletion, RESTARTS adds when the last restart was.
 */
final class PodPrinter {
  static final List<Tables.Column> COLUMNS = List.of(
      new Tables.Column("Name", "string", "name", "The object's name, unique within its namespace.", 0),
      new Tables.Column("Ready", "string", "", "How many of the pod's containers are ready.", 0),
      new Tables.Column("Status", "string", "", "The aggregate status of the pod's containers.", 0),
      new Tables.Column("Restarts", "string", "", "How often the containers restarted, and when last.", 0),
      new Tables.Column("Age", "string", "", "How long ago the object was created.", 0),
      new Tables.Column("IP", "string", "", "The pod's first IP address.", 1),
      new Tables.Column("Node", "string", "", "The node the pod is bound to.", 1),
      new Tables.Column("Nominated Node", "string", "", "The node preemption nominated for the pod.", 1),
      new Tables.Column("Readiness Gates", "string", "", "How many readiness gates are met.", 1));

  private PodPrinter() {}

  static List<Object> cells(KubeObject o, Instant now) {
    JsonNode spec = o.node().path("spec");
    JsonNode status = o.node().path("status");
    String phase = status.path("phase").asString("");
    String reason = status.path("reason").asString("").isEmpty() ? phase : status.path("reason").asString("");
    for (JsonNode c : status.path("conditions")) {
      if (c.path("type").asString("").equals("PodScheduled")
          && c.path("reason").asString("").equals("SchedulingGated")) {
        reason = "SchedulingGated";
      }
    }
    int total = spec.path("containers").size();
    Map<String, Boolean> sidecars = new HashMap<>();
    for (JsonNode c : spec.path("initContainers")) {
      boolean sidecar = c.path("restartPolicy").asString("").equals("Always");
      sidecars.put(c.path("name").asString(""), sidecar);
      if (sidecar) {
        total++;
      }
    }
    int ready = 0;
    long restarts = 0;
    long sidecarRestarts = 0;
    Instant lastRestart = null;
    Instant lastSidecarRestart = null;
    boolean initializing = false;
    JsonNode initStatuses = status.path("initContainerStatuses");
    for (int i = 0; i < initStatuses.size(); i++) {
      JsonNode c = initStatuses.get(i);
      boolean sidecar = sidecars.getOrDefault(c.path("name").asString(""), false);
      restarts += c.path("restartCount").asLong(0);
      Instant finished = lastFinished(c);
      lastRestart = later(lastRestart, finished);
      if (sidecar) {
        sidecarRestarts += c.path("restartCount").asLong(0);
        lastSidecarRestart = later(lastSidecarRestart, finished);
      }
      JsonNode terminated = c.path("state").get("terminated");
      JsonNode waiting = c.path("state").get("waiting");
      if (terminated != null && terminated.path("exitCode").asLong(0) == 0) {
        continue;
      }
      if (sidecar && c.path("started").asBoolean(false)) {
        if (c.path("ready").asBoolean(false)) {
          ready++;
        }
        continue;
      }
      if (terminated != null) {
        String why = terminated.path("reason").asString("");
        if (why.isEmpty()) {
          long signal = terminated.path("signal").asLong(0);
          reason = signal != 0 ? "Init:Signal:" + signal : "Init:ExitCode:" + terminated.path("exitCode").asLong(0);
        } else {
          reason = "Init:" + why;
        }
      } else if (waiting != null && !waiting.path("reason").asString("").isEmpty()
          && !waiting.path("reason").asString("").equals("PodInitializing")) {
        reason = "Init:" + waiting.path("reason").asString("");
      } else {
        reason = "Init:" + i + "/" + spec.path("initContainers").size();
      }
      initializing = true;
      break;
    }
    if (!initializing || condition(status, "Initialized")) {
      restarts = sidecarRestarts;
      lastRestart = lastSidecarRestart;
      boolean running = false;
      JsonNode statuses = status.path("containerStatuses");
      for (int i = statuses.size() - 1; i >= 0; i--) {
        JsonNode c = statuses.get(i);
        restarts += c.path("restartCount").asLong(0);
        lastRestart = later(lastRestart, lastFinished(c));
        JsonNode waiting = c.path("state").get("waiting");
        JsonNode terminated = c.path("state").get("terminated");
        if (waiting != null && !waiting.path("reason").asString("").isEmpty()) {
          reason = waiting.path("reason").asString("");
        } else if (terminated != null && !terminated.path("reason").asString("").isEmpty()) {
          reason = terminated.path("reason").asString("");
        } else if (terminated != null) {
          long signal = terminated.path("signal").asLong(0);
          reason = signal != 0 ? "Signal:" + signal : "ExitCode:" + terminated.path("exitCode").asLong(0);
        } else if (c.path("ready").asBoolean(false) && c.path("state").has("running")) {
          running = true;
          ready++;
        }
      }
      if (reason.equals("Completed") && running) {
        reason = condition(status, "Ready") ? "Running" : "NotReady";
      }
    }
    if (o.hasDeletionTimestamp() && status.path("reason").asString("").equals("NodeLost")) {
      reason = "Unknown";
    } else if (o.hasDeletionTimestamp() && !phase.equals("Succeeded") && !phase.equals("Failed")) {
      reason = "Terminating";
    }
    String restartText = Long.toString(restarts);
    if (restarts != 0 && lastRestart != null) {
      restartText = restarts + " (" + Ages.human(java.time.Duration.between(lastRestart, now)) + " ago)";
    }
    return List.of(o.name(), ready + "/" + total, reason, restartText,
        Ages.since(o.metadata().path("creationTimestamp").asString(""), now),
        orNone(firstIp(status)), orNone(spec.path("nodeName").asString("")),
        orNone(status.path("nominatedNodeName").asString("")), readinessGates(spec, status));
  }

  private static String firstIp(JsonNode status) {
    JsonNode ips = status.path("podIPs");
    return ips.isEmpty() ? "" : ips.get(0).path("ip").asString("");
  }

  private static String readinessGates(JsonNode spec, JsonNode status) {
    JsonNode gates = spec.path("readinessGates");
    if (gates.isEmpty()) {
      return "<none>";
    }
    int met = 0;
    for (JsonNode gate : gates) {
      for (JsonNode c : status.path("conditions")) {
        if (c.path("type").asString("").equals(gate.path("conditionType").asString(""))) {
          if (c.path("status").asString("").equals("True")) {
            met++;
          }
          break;
        }
      }
    }
    return met + "/" + gates.size();
  }

  private static boolean condition(JsonNode status, String type) {
    for (JsonNode c : status.path("conditions")) {
      if (c.path("type").asString("").equals(type) && c.path("status").asString("").equals("True")) {
        return true;
      }
    }
    return false;
  }

  private static Instant lastFinished(JsonNode containerStatus) {
    String at = containerStatus.path("lastState").path("terminated").path("finishedAt").asString("");
    try {
      return at.isEmpty() ? null : Instant.parse(at);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b != null && b.isAfter(a) ? b : a;
  }

  private static String orNone(String s) {
    return s.isEmpty() ? "<none>" : s;
  }
}
