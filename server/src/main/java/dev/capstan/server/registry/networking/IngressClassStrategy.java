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
 * IngressClasses: a domain-prefixed controller name that never changes, and an optional parameters reference
 * whose scope defaults to Cluster and decides whether a namespace is required or forbidden.
 */
final class IngressClassStrategy implements Strategy {
  private static final int MAX_CONTROLLER = 250;
  private static final String HTTP_PATH_FMT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
  private static final Pattern HTTP_PATH = Pattern.compile(HTTP_PATH_FMT);
  private static final List<String> SCOPES = List.of("Cluster", "Namespace");

  @Override
  public void checkTypes(KubeObject o, String kind, String apiVersion) {
    TypeChecks.of(o, kind, apiVersion)
        .nested("IngressClassSpec", "string", "spec", "controller");
  }

  @Override
  public void applyDefaults(KubeObject o) {
    if (o.node().path("spec").path("parameters") instanceof ObjectNode p
        && (!p.has("scope") || p.get("scope").isNull())) {
      p.put("scope", "Cluster");
    }
  }

  @Override
  public List<FieldError> validate(KubeObject o) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode spec = o.node().path("spec");
    String controller = spec.path("controller").asString("");
    if (controller.length() > MAX_CONTROLLER) {
      errs.add(FieldError.tooLong("spec.controller", MAX_CONTROLLER));
    }
    errs.addAll(domainPrefixedPath("spec.controller", controller));
    JsonNode params = spec.get("parameters");
    if (params != null && params.isObject()) {
      errs.addAll(parameters(params, "spec.parameters"));
    }
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(KubeObject o, KubeObject old) {
    List<FieldError> errs = new ArrayList<>();
    String controller = o.node().path("spec").path("controller").asString("");
    if (!controller.equals(old.node().path("spec").path("controller").asString(""))) {
      errs.add(Rules.immutable("spec.controller", controller));
    }
    errs.addAll(validate(o));
    return errs;
  }

  /** {@code example.com/path}: a DNS subdomain, a slash, and a URL path. */
  static List<FieldError> domainPrefixedPath(String field, String value) {
    if (value.isEmpty()) {
      return List.of(FieldError.required(field, ""));
    }
    int slash = value.indexOf('/');
    if (slash <= 0 || slash == value.length() - 1) {
      return List.of(FieldError.invalid(field, value, "must be a domain-prefixed path (such as \"acme.io/foo\")"));
    }
    List<FieldError> errs = new ArrayList<>();
    String host = value.substring(0, slash);
    NameRules.dns1123Subdomain(host).forEach(m -> errs.add(FieldError.invalid(field, host, m)));
    String path = value.substring(slash + 1);
    if (!HTTP_PATH.matcher(path).matches()) {
      errs.add(FieldError.invalid(field, path, "Invalid path (regex used for validation is '" + HTTP_PATH_FMT
          + "')"));
    }
    return errs;
  }

  private static List<FieldError> parameters(JsonNode params, String path) {
    List<FieldError> errs = new ArrayList<>(typedReference(params, path));
    JsonNode scopeNode = params.get("scope");
    JsonNode namespace = params.get("namespace");
    boolean hasNamespace = namespace != null && !namespace.isNull();
    if (scopeNode == null || scopeNode.isNull()) {
      errs.add(FieldError.required(path + ".scope", ""));
      return errs;
    }
    String scope = scopeNode.asString("");
    if (!SCOPES.contains(scope)) {
      errs.add(Rules.notSupported(path + ".scope", scope, SCOPES));
    } else if (scope.equals("Namespace")) {
      if (!hasNamespace) {
        errs.add(FieldError.required(path + ".namespace", "`parameters.scope` is set to 'Namespace'"));
      } else {
        String ns = namespace.asString("");
        NameRules.dns1123Label(ns).forEach(m -> errs.add(FieldError.invalid(path + ".namespace", ns, m)));
      }
    } else if (hasNamespace) {
      errs.add(FieldError.forbidden(path + ".namespace", "`parameters.scope` is set to 'Cluster'"));
    }
    return errs;
  }

  /** A TypedLocalObjectReference: optional API group, required kind and name (path segments). */
  static List<FieldError> typedReference(JsonNode ref, String path) {
    List<FieldError> errs = new ArrayList<>();
    if (ref.path("apiGroup").isString()) {
      String group = ref.path("apiGroup").asString();
      NameRules.dns1123Subdomain(group).forEach(m -> errs.add(FieldError.invalid(path + ".apiGroup", group, m)));
    }
    for (String field : new String[] {"kind", "name"}) {
      String value = ref.path(field).asString("");
      if (value.isEmpty()) {
        errs.add(FieldError.required(path + "." + field, field + " is required"));
      } else {
        dev.capstan.server.validation.NameRules.pathSegment(value).forEach(m -> errs.add(FieldError.invalid(path + "." + field, value, m)));
      }
    }
    return errs;
  }
}
