package dev.capstan.server.registry.pods;

import dev.capstan.api.FieldError;
import dev.capstan.server.validation.NameRules;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The everyday part of upstream's ValidatePodSpec (pkg/apis/core/validation): containers, ports, volumes and
 * mounts, policies and resources, with upstream's field paths and messages.
 */
final class SpecValidation {
  static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
  private static final List<String> DNS_POLICIES = List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default",
      "None");
  private static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");
  private static final List<String> MESSAGE_POLICIES = List.of("File", "FallbackToLogsOnError");
  private static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
  private static final Pattern PORT_NAME_CHARS = Pattern.compile("[-a-z0-9]+");
  private static final Pattern HAS_LETTER = Pattern.compile(".*[a-z].*");
  private static final long MAX_UINT32 = 4294967295L;

  private SpecValidation() {}

  static List<FieldError> spec(JsonNode spec, String path) {
    List<FieldError> errs = new ArrayList<>();
    Set<String> volumes = volumes(spec.path("volumes"), path + ".volumes", errs);
    Set<String> names = new HashSet<>();
    containers(spec.path("initContainers"), path + ".initContainers", volumes, names, errs);
    JsonNode containers = spec.path("containers");
    if (containers.isEmpty()) {
      errs.add(FieldError.required(path + ".containers", ""));
    }
    containers(containers, path + ".containers", volumes, names, errs);
    policy(spec, "restartPolicy", RESTART_POLICIES, path, errs);
    policy(spec, "dnsPolicy", DNS_POLICIES, path, errs);
    JsonNode deadline = spec.get("activeDeadlineSeconds");
    if (deadline != null && deadline.isNumber() && (deadline.asLong() < 1 || deadline.asLong() > MAX_UINT32)) {
      errs.add(FieldError.invalid(path + ".activeDeadlineSeconds", deadline.asLong(),
          "must be between 1 and " + MAX_UINT32 + ", inclusive"));
    }
    return errs;
  }

  private static Set<String> volumes(JsonNode volumes, String path, List<FieldError> errs) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < volumes.size(); i++) {
      String at = path + "[" + i + "].name";
      String name = volumes.get(i).path("name").asString("");
      if (name.isEmpty()) {
        errs.add(FieldError.required(at, ""));
      } else {
        NameRules.dns1123Label(name).forEach(m -> errs.add(FieldError.invalid(at, name, m)));
        if (!names.add(name)) {
          errs.add(new FieldError(FieldError.Type.DUPLICATE, at, name, ""));
        }
      }
    }
    return names;
  }

  private static void containers(JsonNode containers, String path, Set<String> volumes, Set<String> names,
      List<FieldError> errs) {
    for (int i = 0; i < containers.size(); i++) {
      JsonNode c = containers.get(i);
      String at = path + "[" + i + "]";
      String name = c.path("name").asString("");
      if (name.isEmpty()) {
        errs.add(FieldError.required(at + ".name", ""));
      } else {
        NameRules.dns1123Label(name).forEach(m -> errs.add(FieldError.invalid(at + ".name", name, m)));
        if (!names.add(name)) {
          errs.add(new FieldError(FieldError.Type.DUPLICATE, at + ".name", name, ""));
        }
      }
      if (c.path("image").asString("").isEmpty()) {
        errs.add(FieldError.required(at + ".image", ""));
      }
      ports(c.path("ports"), at + ".ports", errs);
      JsonNode env = c.path("env");
      for (int j = 0; j < env.size(); j++) {
        if (env.get(j).path("name").asString("").isEmpty()) {
          errs.add(FieldError.required(at + ".env[" + j + "].name", ""));
        }
      }
      JsonNode mounts = c.path("volumeMounts");
      for (int j = 0; j < mounts.size(); j++) {
        String mountAt = at + ".volumeMounts[" + j + "]";
        String volume = mounts.get(j).path("name").asString("");
        if (volume.isEmpty()) {
          errs.add(FieldError.required(mountAt + ".name", ""));
        } else if (!volumes.contains(volume)) {
          errs.add(new FieldError(FieldError.Type.NOT_FOUND, mountAt + ".name", volume, ""));
        }
        if (mounts.get(j).path("mountPath").asString("").isEmpty()) {
          errs.add(FieldError.required(mountAt + ".mountPath", ""));
        }
      }
      policy(c, "imagePullPolicy", PULL_POLICIES, at, errs);
      policy(c, "terminationMessagePolicy", MESSAGE_POLICIES, at, errs);
      resources(c.path("resources"), at + ".resources", errs);
    }
  }

  private static void ports(JsonNode ports, String path, List<FieldError> errs) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      JsonNode p = ports.get(i);
      String at = path + "[" + i + "]";
      String name = p.path("name").asString("");
      if (!name.isEmpty()) {
        portName(name).forEach(m -> errs.add(FieldError.invalid(at + ".name", name, m)));
        if (!names.add(name)) {
          errs.add(new FieldError(FieldError.Type.DUPLICATE, at + ".name", name, ""));
        }
      }
      long port = p.path("containerPort").asLong(0);
      if (port == 0) {
        errs.add(FieldError.required(at + ".containerPort", ""));
      } else if (port < 1 || port > 65535) {
        errs.add(FieldError.invalid(at + ".containerPort", port, "must be between 1 and 65535, inclusive"));
      }
      long hostPort = p.path("hostPort").asLong(0);
      if (hostPort != 0 && (hostPort < 1 || hostPort > 65535)) {
        errs.add(FieldError.invalid(at + ".hostPort", hostPort, "must be between 1 and 65535, inclusive"));
      }
      String protocol = p.path("protocol").asString("");
      if (protocol.isEmpty()) {
        errs.add(FieldError.required(at + ".protocol", ""));
      } else if (!PROTOCOLS.contains(protocol)) {
        errs.add(PodSpecs.notSupported(at + ".protocol", protocol, PROTOCOLS));
      }
    }
  }

  /** Upstream's IsValidPortName (an IANA service name). */
  private static List<String> portName(String name) {
    List<String> out = new ArrayList<>();
    if (name.length() > 15) {
      out.add("must be no more than 15 characters");
    }
    if (!PORT_NAME_CHARS.matcher(name).matches()) {
      out.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }
    if (!HAS_LETTER.matcher(name).matches()) {
      out.add("must contain at least one letter (a-z)");
    }
    if (name.contains("--")) {
      out.add("must not contain consecutive hyphens");
    }
    if (name.startsWith("-") || name.endsWith("-")) {
      out.add("must not begin or end with a hyphen");
    }
    return out;
  }

  private static void resources(JsonNode resources, String path, List<FieldError> errs) {
    JsonNode limits = resources.path("limits");
    for (Map.Entry<String, JsonNode> e : resources.path("requests").properties()) {
      JsonNode limit = limits.get(e.getKey());
      if (limit == null) {
        continue;
      }
      BigDecimal request = Quantities.parse(e.getValue().asString(""));
      BigDecimal max = Quantities.parse(limit.asString(""));
      if (request != null && max != null && request.compareTo(max) > 0) {
        errs.add(FieldError.invalid(path + ".requests", e.getValue().asString(""), "must be less than or equal to "
            + e.getKey() + " limit of " + limit.asString("")));
      }
    }
    for (String kind : new String[] {"requests", "limits"}) {
      for (Map.Entry<String, JsonNode> e : resources.path(kind).properties()) {
        String text = e.getValue().asString("");
        BigDecimal value = Quantities.parse(text);
        String at = path + "." + kind + "[" + e.getKey() + "]";
        if (value == null) {
          errs.add(FieldError.invalid(at, text, "quantities must match the regular expression "
              + "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"));
        } else if (value.signum() < 0) {
          errs.add(FieldError.invalid(at, text, "must be greater than or equal to 0"));
        }
      }
    }
  }

  private static void policy(JsonNode o, String field, List<String> allowed, String path, List<FieldError> errs) {
    String value = o.path(field).asString("");
    if (value.isEmpty()) {
      errs.add(FieldError.required(path + "." + field, ""));
    } else if (!allowed.contains(value)) {
      errs.add(PodSpecs.notSupported(path + "." + field, value, allowed));
    }
  }
}
