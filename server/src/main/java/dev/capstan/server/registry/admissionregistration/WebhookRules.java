package dev.capstan.server.registry.admissionregistration;

import dev.capstan.api.FieldError;
import dev.capstan.server.registry.shared.Rules;
import dev.capstan.server.validation.NameRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What webhooks and policies share: rules with operations, match resources, failure and match policies, and where
 * a webhook is reached (a URL or an in-cluster service), each checked as upstream words it.
 */
public final class WebhookRules {
  static final List<String> FAILURE_POLICIES = List.of("Fail", "Ignore");
  static final List<String> MATCH_POLICIES = List.of("Equivalent", "Exact");
  private static final List<String> OPERATIONS = List.of("*", "CONNECT", "CREATE", "DELETE", "UPDATE");
  private static final List<String> SCOPES = List.of("*", "Cluster", "Namespaced");
  private static final String URL_FORM = "; desired format: https://host[/path]";

  private WebhookRules() {}

  /** A rule's scope defaults to "*" (all scopes). */
  static void defaultRules(JsonNode rules) {
    for (JsonNode rule : rules) {
      if (rule instanceof ObjectNode r && !r.path("scope").isString()) {
        r.put("scope", "*");
      }
    }
  }

  /** MatchResources defaults: Equivalent matching, selectors that select everything, rule scopes "*". */
  static void defaultMatchResources(JsonNode match) {
    if (!(match instanceof ObjectNode m)) {
      return;
    }
    if (!m.path("matchPolicy").isString()) {
      m.put("matchPolicy", "Equivalent");
    }
    for (String selector : new String[] {"namespaceSelector", "objectSelector"}) {
      if (!m.path(selector).isObject()) {
        m.putObject(selector);
      }
    }
    defaultRules(m.path("resourceRules"));
    defaultRules(m.path("excludeResourceRules"));
  }

  static void notSupportedUnless(JsonNode value, List<String> allowed, String field, List<FieldError> errs) {
    if (value != null && !value.isNull() && !allowed.contains(value.asString(""))) {
      errs.add(Rules.notSupported(field, value.asString(""), allowed));
    }
  }

  /** A RuleWithOperations: operations, then the rule's groups, versions, resources and scope. */
  static List<FieldError> ruleWithOperations(JsonNode rule, String path) {
    List<FieldError> errs = new ArrayList<>();
    List<String> operations = strings(rule.path("operations"));
    if (operations.isEmpty()) {
      errs.add(FieldError.required(path + ".operations", ""));
    }
    if (operations.size() > 1 && operations.contains("*")) {
      errs.add(FieldError.invalid(path + ".operations", goList("admissionregistration.OperationType", operations),
          "if '*' is present, must not specify other operations"));
    }
    for (int i = 0; i < operations.size(); i++) {
      if (!OPERATIONS.contains(operations.get(i))) {
        errs.add(Rules.notSupported(path + ".operations[" + i + "]", operations.get(i), OPERATIONS));
      }
    }
    List<String> groups = strings(rule.path("apiGroups"));
    if (groups.isEmpty()) {
      errs.add(FieldError.required(path + ".apiGroups", ""));
    }
    if (groups.size() > 1 && groups.contains("*")) {
      errs.add(FieldError.invalid(path + ".apiGroups", groups, "if '*' is present, must not specify other API groups"));
    }
    List<String> versions = strings(rule.path("apiVersions"));
    if (versions.isEmpty()) {
      errs.add(FieldError.required(path + ".apiVersions", ""));
    }
    if (versions.size() > 1 && versions.contains("*")) {
      errs.add(FieldError.invalid(path + ".apiVersions", versions,
          "if '*' is present, must not specify other API versions"));
    }
    for (int i = 0; i < versions.size(); i++) {
      if (versions.get(i).isEmpty()) {
        errs.add(FieldError.required(path + ".apiVersions[" + i + "]", ""));
      }
    }
    errs.addAll(resources(strings(rule.path("resources")), path + ".resources"));
    notSupportedUnless(rule.get("scope"), SCOPES, path + ".scope", errs);
    return errs;
  }

  private static List<FieldError> resources(List<String> resources, String path) {
    List<FieldError> errs = new ArrayList<>();
    if (resources.isEmpty()) {
      errs.add(FieldError.required(path, ""));
    }
    Set<String> withWildcardSub = new HashSet<>();
    Set<String> subWithWildcardResource = new HashSet<>();
    boolean doubleWildcard = false;
    boolean singleWildcard = false;
    boolean plainResource = false;
    for (int i = 0; i < resources.size(); i++) {
      String r = resources.get(i);
      if (r.isEmpty()) {
        errs.add(FieldError.required(path + "[" + i + "]", ""));
        continue;
      }
      doubleWildcard |= r.equals("*/*");
      singleWildcard |= r.equals("*");
      int slash = r.indexOf('/');
      if (slash < 0) {
        plainResource = !r.equals("*");
        continue;
      }
      String res = r.substring(0, slash);
      String sub = r.substring(slash + 1);
      if (withWildcardSub.contains(res)) {
        errs.add(FieldError.invalid(path + "[" + i + "]", r, "if '" + res + "/*' is present, must not specify " + r));
      }
      if (subWithWildcardResource.contains(sub)) {
        errs.add(FieldError.invalid(path + "[" + i + "]", r, "if '*/" + sub + "' is present, must not specify " + r));
      }
      if (sub.equals("*")) {
        withWildcardSub.add(res);
      }
      if (res.equals("*")) {
        subWithWildcardResource.add(sub);
      }
    }
    if (resources.size() > 1 && doubleWildcard) {
      errs.add(FieldError.invalid(path, resources, "if '*/*' is present, must not specify other resources"));
    }
    if (singleWildcard && plainResource) {
      errs.add(FieldError.invalid(path, resources,
          "if '*' is present, must not specify other resources without subresources"));
    }
    return errs;
  }

  /** Exactly one of a URL (https, with a host, no user, query or fragment) or a service reference. */
  public static List<FieldError> clientConfig(JsonNode cc, String path) {
    JsonNode url = cc.get("url");
    JsonNode service = cc.get("service");
    boolean hasUrl = url != null && !url.isNull();
    boolean hasService = service != null && !service.isNull();
    if (hasUrl == hasService) {
      return List.of(FieldError.required(path, "exactly one of url or service is required"));
    }
    return hasUrl ? url(url.asString(""), path + ".url") : service(service, path + ".service");
  }

  /** Go's url.Parse is lenient; only a URL starting with ':' fails to parse at all. */
  static List<FieldError> url(String url, String path) {
    List<FieldError> errs = new ArrayList<>();
    if (url.startsWith(":")) {
      errs.add(FieldError.required(path, "url must be a valid URL: parse " + FieldError.goQuote(url)
          + ": missing protocol scheme" + URL_FORM));
      return errs;
    }
    String rest = url;
    String fragment = "";
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      fragment = rest.substring(hash + 1);
      rest = rest.substring(0, hash);
    }
    String query = "";
    int question = rest.indexOf('?');
    if (question >= 0) {
      query = rest.substring(question + 1);
      rest = rest.substring(0, question);
    }
    String scheme = "";
    int colon = rest.indexOf(':');
    if (colon > 0 && rest.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
      scheme = rest.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
      rest = rest.substring(colon + 1);
    }
    String host = "";
    String user = null;
    if (rest.startsWith("//")) {
      String authority = rest.substring(2);
      int slash = authority.indexOf('/');
      if (slash >= 0) {
        authority = authority.substring(0, slash);
      }
      int at = authority.lastIndexOf('@');
      if (at >= 0) {
        user = authority.substring(0, at);
        authority = authority.substring(at + 1);
      }
      host = authority;
    }
    if (!scheme.equals("https")) {
      errs.add(FieldError.invalid(path, scheme, "'https' is the only allowed URL scheme" + URL_FORM));
    }
    if (host.isEmpty()) {
      errs.add(FieldError.invalid(path, host, "host must be specified" + URL_FORM));
    }
    if (user != null) {
      errs.add(FieldError.invalid(path, user, "user information is not permitted in the URL"));
    }
    if (!fragment.isEmpty()) {
      errs.add(FieldError.invalid(path, fragment, "fragments are not permitted in the URL"));
    }
    if (!query.isEmpty()) {
      errs.add(FieldError.invalid(path, query, "query parameters are not permitted in the URL"));
    }
    return errs;
  }

  private static List<FieldError> service(JsonNode service, String path) {
    List<FieldError> errs = new ArrayList<>();
    if (service.path("name").asString("").isEmpty()) {
      errs.add(FieldError.required(path + ".name", ""));
    }
    if (service.path("namespace").asString("").isEmpty()) {
      errs.add(FieldError.required(path + ".namespace", ""));
    }
    long port = service.path("port").asLong(443);
    List<String> portErrs = Rules.portNumber(port);
    if (!portErrs.isEmpty()) {
      errs.add(FieldError.invalid(path + ".port", port, "port is not valid: " + String.join(", ", portErrs)));
    }
    JsonNode p = service.get("path");
    if (p == null || p.isNull()) {
      return errs;
    }
    String urlPath = p.asString("");
    if (urlPath.isEmpty() || urlPath.equals("/")) {
      return errs;
    }
    if (urlPath.equals("//")) {
      errs.add(FieldError.invalid(path + ".path", urlPath, "segment[0] may not be empty"));
      return errs;
    }
    if (!urlPath.startsWith("/")) {
      errs.add(FieldError.invalid(path + ".path", urlPath, "must start with a '/'"));
    }
    String check = urlPath.substring(1);
    if (check.endsWith("/")) {
      check = check.substring(0, check.length() - 1);
    }
    String[] steps = check.split("/", -1);
    for (int i = 0; i < steps.length; i++) {
      if (steps[i].isEmpty()) {
        errs.add(FieldError.invalid(path + ".path", urlPath, "segment[" + i + "] may not be empty"));
        continue;
      }
      int index = i;
      NameRules.dns1123Subdomain(steps[i]).forEach(m -> errs.add(FieldError.invalid(path + ".path", urlPath,
          "segment[" + index + "]: " + m)));
    }
    return errs;
  }

  /** MatchResources of a policy or binding: match policy, namespace and object selectors, (excluded) rules. */
  static List<FieldError> matchResources(JsonNode match, String path) {
    List<FieldError> errs = new ArrayList<>();
    notSupportedUnless(match.get("matchPolicy"), MATCH_POLICIES, path + ".matchPolicy", errs);
    errs.addAll(Rules.labelSelector(match.path("namespaceSelector"), path + ".namespaceSelector"));
    errs.addAll(Rules.labelSelector(match.path("objectSelector"), path + ".objectSelector"));
    for (String field : new String[] {"resourceRules", "excludeResourceRules"}) {
      JsonNode rules = match.path(field);
      for (int i = 0; i < rules.size(); i++) {
        errs.addAll(ruleWithOperations(rules.get(i), path + "." + field + "[" + i + "]"));
      }
    }
    return errs;
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asString("")));
    return out;
  }

  /** A slice of a named string type as Go's %#v prints it: {@code []pkg.Type{"a", "b"}}. */
  static Rules.GoLiteral goList(String type, List<String> values) {
    List<String> quoted = new ArrayList<>();
    values.forEach(v -> quoted.add(FieldError.goQuote(v)));
    return new Rules.GoLiteral("[]" + type + "{" + String.join(", ", quoted) + "}");
  }
}
