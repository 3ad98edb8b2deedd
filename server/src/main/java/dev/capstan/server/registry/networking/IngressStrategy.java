package dev.capstan.server.registry.networking;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.registry.shared.Rules;
import dev.capstan.server.validation.NameRules;
import dev.capstan.server.validation.TypeChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Ingresses: the spec needs rules or a default backend; hosts are DNS names (wildcards allowed), paths have a
 * supported type and, for Exact and Prefix, an absolute clean path; each backend names exactly one service
 * (with a port name or number) or resource. On create the legacy class annotation must agree with the class field.
 */
final class IngressStrategy implements Strategy {
  static final String CLASS_ANNOTATION = "kubernetes.io/ingress.class";
  private static final List<String> PATH_TYPES = List.of("Exact", "ImplementationSpecific", "Prefix");
  private static final List<String> BAD_SEQUENCES = List.of("//", "/./", "/../", "%2f", "%2F");
  private static final List<String> BAD_SUFFIXES = List.of("/..", "/.");
  private static final String WILDCARD_FMT = "\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
  private static final Pattern WILDCARD = Pattern.compile(WILDCARD_FMT);

  @Override
  public void checkTypes(KubeObject o, String kind, String apiVersion) {
    TypeChecks.of(o, kind, apiVersion)
        .nested("IngressSpec", "string", "spec", "ingressClassName");
  }

  @Override
  public void prepareForCreate(KubeObject o) {
    // Upstream resets the status to its zero value, which serializes as an empty load balancer.
    o.node().putObject("status").putObject("loadBalancer");
  }

  @Override
  public List<FieldError> validate(KubeObject o) {
    List<FieldError> errs = validateSpec(o.node().path("spec"));
    String annotation = o.metadata().path("annotations").path(CLASS_ANNOTATION).asString(null);
    JsonNode className = o.node().path("spec").path("ingressClassName");
    if (annotation != null && className.isString() && !annotation.equals(className.asString())) {
      errs.add(FieldError.invalid("annotations." + CLASS_ANNOTATION, annotation,
          "must match `ingressClassName` when both are specified"));
    }
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(KubeObject o, KubeObject old) {
    return validateSpec(o.node().path("spec"));
  }

  private static List<FieldError> validateSpec(JsonNode spec) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode rules = spec.path("rules");
    JsonNode defaultBackend = spec.get("defaultBackend");
    boolean hasDefault = defaultBackend != null && !defaultBackend.isNull();
    if (rules.isEmpty() && !hasDefault) {
      // Upstream shows the (empty) rules slice as Go prints it.
      errs.add(FieldError.invalid("spec", new Rules.GoLiteral(rules.isArray() ? "[]networking.IngressRule{}"
          : "[]networking.IngressRule(nil)"), "either `defaultBackend` or `rules` must be specified"));
    }
    if (hasDefault) {
      errs.addAll(backend(defaultBackend, "spec.defaultBackend"));
    }
    for (int i = 0; i < rules.size(); i++) {
      errs.addAll(rule(rules.get(i), "spec.rules[" + i + "]"));
    }
    JsonNode tls = spec.path("tls");
    for (int i = 0; i < tls.size(); i++) {
      String path = "spec.tls[" + i + "]";
      JsonNode hosts = tls.get(i).path("hosts");
      for (int j = 0; j < hosts.size(); j++) {
        String host = hosts.get(j).asString("");
        String hostPath = path + ".hosts[" + j + "]";
        host(host).forEach(m -> errs.add(FieldError.invalid(hostPath, host, m)));
      }
      String secret = tls.get(i).path("secretName").asString("");
      if (!secret.isEmpty()) {
        NameRules.dns1123Subdomain(secret).forEach(m -> errs.add(FieldError.invalid(path + ".secretName", secret, m)));
      }
    }
    JsonNode className = spec.path("ingressClassName");
    if (className.isString()) {
      NameRules.dns1123Subdomain(className.asString()).forEach(m -> errs.add(FieldError.invalid(
          "spec.ingressClassName", className.asString(), m)));
    }
    return errs;
  }

  private static List<FieldError> rule(JsonNode rule, String path) {
    List<FieldError> errs = new ArrayList<>();
    String host = rule.path("host").asString("");
    if (!host.isEmpty()) {
      if (Addresses.isIp(host)) {
        errs.add(FieldError.invalid(path + ".host", host, "must be a DNS name, not an IP address"));
      }
      host(host).forEach(m -> errs.add(FieldError.invalid(path + ".host", host, m)));
    }
    JsonNode http = rule.get("http");
    if (http == null || http.isNull()) {
      return errs;
    }
    JsonNode paths = http.path("paths");
    if (paths.isEmpty()) {
      errs.add(FieldError.required(path + ".http.paths", ""));
    }
    for (int i = 0; i < paths.size(); i++) {
      errs.addAll(httpPath(paths.get(i), path + ".http.paths[" + i + "]"));
    }
    return errs;
  }

  private static List<String> host(String host) {
    if (!host.contains("*")) {
      return NameRules.dns1123Subdomain(host);
    }
    List<String> errs = new ArrayList<>();
    if (host.length() > NameRules.SUBDOMAIN_MAX) {
      errs.add("must be no more than " + NameRules.SUBDOMAIN_MAX + " characters");
    }
    if (!WILDCARD.matcher(host).matches()) {
      errs.add("a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must "
          + "consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. "
          + "'*.example.com', regex used for validation is '" + WILDCARD_FMT + "')");
    }
    return errs;
  }

  private static List<FieldError> httpPath(JsonNode p, String path) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode type = p.get("pathType");
    if (type == null || type.isNull()) {
      errs.add(FieldError.required(path + ".pathType", "pathType must be specified"));
      return errs;
    }
    String value = p.path("path").asString("");
    switch (type.asString("")) {
      case "Exact", "Prefix" -> {
        if (!value.startsWith("/")) {
          errs.add(FieldError.invalid(path + ".path", value, "must be an absolute path"));
        }
        if (!value.isEmpty()) {
          for (String bad : BAD_SEQUENCES) {
            if (value.contains(bad)) {
              errs.add(FieldError.invalid(path + ".path", value, "must not contain '" + bad + "'"));
            }
          }
          for (String bad : BAD_SUFFIXES) {
            if (value.endsWith(bad)) {
              errs.add(FieldError.invalid(path + ".path", value, "cannot end with '" + bad + "'"));
            }
          }
        }
      }
      case "ImplementationSpecific" -> {
        if (!value.isEmpty() && !value.startsWith("/")) {
          errs.add(FieldError.invalid(path + ".path", value, "must be an absolute path"));
        }
      }
      default -> errs.add(Rules.notSupported(path + ".pathType", type.asString(""), PATH_TYPES));
    }
    errs.addAll(backend(p.path("backend"), path + ".backend"));
    return errs;
  }

  /** Exactly one of a service (name, and a port name or number) or a typed resource reference. */
  static List<FieldError> backend(JsonNode backend, String path) {
    List<FieldError> errs = new ArrayList<>();
    boolean hasResource = backend.path("resource").isObject();
    boolean hasService = backend.path("service").isObject();
    if (hasResource && hasService) {
      errs.add(FieldError.invalid(path, "", "cannot set both resource and service backends"));
      return errs;
    }
    if (hasResource) {
      errs.addAll(IngressClassStrategy.typedReference(backend.path("resource"), path + ".resource"));
      return errs;
    }
    if (!hasService) {
      errs.add(FieldError.invalid(path, "", "resource or service backend is required"));
      return errs;
    }
    JsonNode service = backend.path("service");
    String name = service.path("name").asString("");
    if (name.isEmpty()) {
      errs.add(FieldError.required(path + ".service.name", ""));
    } else {
      Rules.dns1035Label(name).forEach(m -> errs.add(FieldError.invalid(path + ".service.name", name, m)));
    }
    String portName = service.path("port").path("name").asString("");
    long portNumber = service.path("port").path("number").asLong(0);
    if (!portName.isEmpty() && portNumber != 0) {
      errs.add(FieldError.invalid(path, "", "cannot set both port name & port number"));
    } else if (!portName.isEmpty()) {
      Rules.portName(portName).forEach(m -> errs.add(FieldError.invalid(path + ".service.port.name", portName, m)));
    } else if (portNumber != 0) {
      Rules.portNumber(portNumber).forEach(m -> errs.add(FieldError.invalid(path + ".service.port.number",
          portNumber, m)));
    } else {
      errs.add(FieldError.required(path, "port name or number is required"));
    }
    return errs;
  }

  static ObjectNode spec(KubeObject o) {
    return o.node().path("spec") instanceof ObjectNode s ? s : o.node().putObject("spec");
  }
}
