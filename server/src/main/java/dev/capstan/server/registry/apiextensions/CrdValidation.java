package dev.capstan.server.registry.apiextensions;

import dev.capstan.server.validation.FieldPaths;
import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.admissionregistration.WebhookRules;
import dev.capstan.server.registry.shared.Rules;
import dev.capstan.server.validation.NameRules;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A CustomResourceDefinition checked as upstream 1.33 checks it, with its messages and field paths.
 *
 * <p>Upstream validates the internal form of a v1 object, and the v1-to-internal conversion moves a version's
 * schema, subresources and printer columns to the top level when every version has the same ones. So a CRD whose
 * versions share one schema reports schema errors at {@code spec.validation.openAPIV3Schema...}, while one with
 * differing schemas reports them at {@code spec.versions[i].schema.openAPIV3Schema...}; {@link Layout} reproduces
 * that. Likewise the conversion webhook's client config is {@code spec.conversion.webhookClientConfig}.
 */
final class CrdValidation {
  private static final List<String> SCOPES = List.of("Cluster", "Namespaced");
  private static final List<String> STRATEGIES = List.of("None", "Webhook");
  private static final List<String> REVIEW_VERSIONS = List.of("v1", "v1beta1");
  private static final String APPROVAL = "api-approved.kubernetes.io";

  private CrdValidation() {}

  /** What differs between create and update: on update, rules the stored CRD already broke are not tightened. */
  record Options(SchemaRules.Options schema, boolean requireOpenApiSchema, boolean requireRecognizedReviewVersion,
      boolean requireImmutableNames, boolean allowInvalidCaBundle) {
    static final Options CREATE = new Options(SchemaRules.Options.CREATE, true, true, false, true);
  }

  static List<FieldError> validateCreate(KubeObject o, SchemaHooks hooks) {
    List<FieldError> errs = new ArrayList<>();
    errs.addAll(name(o));
    errs.addAll(spec(o.node().path("spec"), Options.CREATE, hooks));
    errs.addAll(status(o));
    errs.addAll(approval(o, null));
    errs.addAll(preserveUnknownFields(o.node().path("spec"), null));
    return errs;
  }

  static List<FieldError> validateUpdate(KubeObject o, KubeObject old, SchemaHooks hooks) {
    JsonNode spec = o.node().path("spec");
    JsonNode oldSpec = old.node().path("spec");
    Options options = UpdateOptions.from(old);
    List<FieldError> errs = new ArrayList<>();
    errs.addAll(name(o));
    errs.addAll(spec(spec, options, hooks));
    if (options.requireImmutableNames()) {
      immutable(errs, "spec.scope", spec.path("scope"), oldSpec.path("scope"));
      immutable(errs, "spec.names.kind", spec.path("names").path("kind"), oldSpec.path("names").path("kind"));
    }
    immutable(errs, "spec.group", spec.path("group"), oldSpec.path("group"));
    immutable(errs, "spec.names.plural", spec.path("names").path("plural"), oldSpec.path("names").path("plural"));
    errs.addAll(status(o));
    errs.addAll(approval(o, old));
    errs.addAll(preserveUnknownFields(spec, oldSpec));
    return errs;
  }

  /** A status write (the establishing controller's) checks only the accepted names. */
  static List<FieldError> validateStatusUpdate(KubeObject o) {
    return names(o.node().path("status").path("acceptedNames"), "status.acceptedNames");
  }

  private static void immutable(List<FieldError> errs, String path, JsonNode now, JsonNode before) {
    if (!now.asString("").equals(before.asString(""))) {
      errs.add(Rules.immutable(path, now.asString("")));
    }
  }

  private static List<FieldError> name(KubeObject o) {
    JsonNode spec = o.node().path("spec");
    String required = spec.path("names").path("plural").asString("") + "." + spec.path("group").asString("");
    if (!o.name().equals(required)) {
      return List.of(FieldError.invalid("metadata.name", o.name(), "must be spec.names.plural+\".\"+spec.group"));
    }
    return List.of();
  }

  private static List<FieldError> spec(JsonNode spec, Options options, SchemaHooks hooks) {
    List<FieldError> errs = new ArrayList<>();
    String group = spec.path("group").asString("");
    if (group.isEmpty()) {
      errs.add(FieldError.required("spec.group", ""));
    } else if (!NameRules.dns1123Subdomain(group).isEmpty()) {
      errs.add(FieldError.invalid("spec.group", group, String.join(",", NameRules.dns1123Subdomain(group))));
    } else if (!group.contains(".")) {
      errs.add(FieldError.invalid("spec.group", group, "should be a domain with at least one dot"));
    }
    errs.addAll(enumString("spec.scope", spec.path("scope").asString(""), SCOPES));

    boolean preserve = spec.path("preserveUnknownFields").asBoolean(false);
    SchemaRules.Options schemaOptions = options.schema();
    if (!preserve) {
      // Pruning needs a structural schema.
      schemaOptions = schemaOptions.withStructural();
    }
    Layout layout = Layout.of(spec);
    JsonNode versions = spec.path("versions");
    if (layout.validation() == null) {
      for (int i = 0; i < versions.size(); i++) {
        boolean missing = !versions.get(i).path("schema").path("openAPIV3Schema").isObject();
        String schemaPath = "spec.versions[" + i + "].schema.openAPIV3Schema";
        if (options.requireOpenApiSchema() && missing) {
          errs.add(FieldError.required(schemaPath, "schemas are required"));
        } else if (!options.requireOpenApiSchema() && !preserve && missing
            && versions.get(i).path("served").asBoolean(false)) {
          errs.add(FieldError.required(schemaPath, "because otherwise all fields are pruned"));
        }
      }
    }
    if (layout.anySchema(s -> s.has("default") && !s.get("default").isNull())) {
      schemaOptions = schemaOptions.withStructural();
      if (preserve) {
        errs.add(FieldError.invalid("spec.preserveUnknownFields", true,
            "must be false in order to use defaults in the schema"));
      }
    }
    if (layout.anySchema(CrdValidation::hasKubernetesExtension)) {
      schemaOptions = schemaOptions.withStructural();
    }

    int storage = 0;
    boolean unique = true;
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < versions.size(); i++) {
      JsonNode v = versions.get(i);
      String name = v.path("name").asString("");
      if (v.path("storage").asBoolean(false)) {
        storage++;
      }
      unique &= seen.add(name);
      List<String> nameErrs = Rules.dns1035Label(name);
      if (!nameErrs.isEmpty()) {
        errs.add(FieldError.invalid("spec.versions[" + i + "].name", name, String.join(",", nameErrs)));
      }
      errs.addAll(VersionParts.version(v, i, layout, schemaOptions, hooks));
    }
    Rules.GoLiteral shown = new Rules.GoLiteral(versions.isMissingNode() || versions.isNull()
        ? "[]apiextensions.CustomResourceDefinitionVersion(nil)"
        : versions.isEmpty() ? "[]apiextensions.CustomResourceDefinitionVersion{}"
        : "[]apiextensions.CustomResourceDefinitionVersion{...}");
    if (!unique) {
      errs.add(FieldError.invalid("spec.versions", shown, "must contain unique version names"));
    }
    if (storage != 1) {
      errs.add(FieldError.invalid("spec.versions", shown, "must have exactly one version marked as storage version"));
    }
    JsonNode names = spec.path("names");
    for (String field : new String[] {"plural", "singular", "kind", "listKind"}) {
      if (names.path(field).asString("").isEmpty()) {
        errs.add(FieldError.required("spec.names." + field, ""));
      }
    }
    errs.addAll(names(names, "spec.names"));
    errs.addAll(VersionParts.topLevel(layout, schemaOptions, hooks));

    String strategy = spec.path("conversion").path("strategy").asString("");
    if (spec.path("conversion").isObject() && !strategy.equals("None") && preserve) {
      errs.add(FieldError.invalid("spec.conversion.strategy", strategy,
          "must be None if spec.preserveUnknownFields is true"));
    }
    errs.addAll(conversion(spec.path("conversion"), options));
    return errs;
  }

  private static boolean hasKubernetesExtension(JsonNode s) {
    return s.path("x-kubernetes-embedded-resource").asBoolean(false)
        || (s.has("x-kubernetes-preserve-unknown-fields") && !s.get("x-kubernetes-preserve-unknown-fields").isNull())
        || s.path("x-kubernetes-int-or-string").asBoolean(false) || !s.path("x-kubernetes-list-map-keys").isEmpty()
        || (s.has("x-kubernetes-list-type") && !s.get("x-kubernetes-list-type").isNull())
        || !s.path("x-kubernetes-validations").isEmpty();
  }

  static List<FieldError> enumString(String path, String value, List<String> accepted) {
    if (value.isEmpty()) {
      return List.of(FieldError.required(path, ""));
    }
    return accepted.contains(value) ? List.of() : List.of(Rules.notSupported(path, value, accepted));
  }

  /** Names in spec and in status.acceptedNames; which are required is checked by the caller. */
  static List<FieldError> names(JsonNode names, String path) {
    List<FieldError> errs = new ArrayList<>();
    for (String field : new String[] {"plural", "singular"}) {
      String value = names.path(field).asString("");
      List<String> bad = Rules.dns1035Label(value);
      if (!value.isEmpty() && !bad.isEmpty()) {
        errs.add(FieldError.invalid(path + "." + field, value, String.join(",", bad)));
      }
    }
    for (String field : new String[] {"kind", "listKind"}) {
      String value = names.path(field).asString("");
      List<String> bad = Rules.dns1035Label(value.toLowerCase(Locale.ROOT));
      if (!value.isEmpty() && !bad.isEmpty()) {
        errs.add(FieldError.invalid(path + "." + field, value, "may have mixed case, but should otherwise match: "
            + String.join(",", bad)));
      }
    }
    JsonNode shortNames = names.path("shortNames");
    for (int i = 0; i < shortNames.size(); i++) {
      String value = shortNames.get(i).asString("");
      List<String> bad = Rules.dns1035Label(value);
      if (!bad.isEmpty()) {
        errs.add(FieldError.invalid(path + ".shortNames[" + i + "]", value, String.join(",", bad)));
      }
    }
    String kind = names.path("kind").asString("");
    if (!kind.isEmpty() && kind.equals(names.path("listKind").asString(""))) {
      errs.add(FieldError.invalid(path + ".listKind", kind, "kind and listKind may not be the same"));
    }
    JsonNode categories = names.path("categories");
    for (int i = 0; i < categories.size(); i++) {
      String value = categories.get(i).asString("");
      List<String> bad = Rules.dns1035Label(value);
      if (!bad.isEmpty()) {
        errs.add(FieldError.invalid(path + ".categories[" + i + "]", value, String.join(",", bad)));
      }
    }
    return errs;
  }

  private static List<FieldError> status(KubeObject o) {
    JsonNode status = o.node().path("status");
    List<FieldError> errs = new ArrayList<>(names(status.path("acceptedNames"), "status.acceptedNames"));
    errs.addAll(storedVersions(status.path("storedVersions"), o.node().path("spec").path("versions")));
    return errs;
  }

  /**
   * Every stored version must stay in spec.versions until a storage migration removes it from storedVersions, and
   * the storage version must be stored (the strategy records it before validation runs).
   */
  static List<FieldError> storedVersions(JsonNode stored, JsonNode versions) {
    List<String> names = SchemaRules.strings(stored);
    String path = "status.storedVersions";
    if (names.isEmpty()) {
      return List.of(FieldError.invalid(path, stored.isArray() ? names : new Rules.GoLiteral("[]string(nil)"),
          "must have at least one stored version"));
    }
    List<FieldError> errs = new ArrayList<>();
    java.util.Map<String, Integer> left = new java.util.LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      left.put(names.get(i), i);
    }
    for (JsonNode v : versions) {
      String name = v.path("name").asString("");
      boolean present = left.containsKey(name);
      if (v.path("storage").asBoolean(false) && !present) {
        errs.add(FieldError.invalid(path, names, "must have the storage version " + name));
      }
      left.remove(name);
    }
    left.forEach((v, i) -> errs.add(FieldError.invalid(FieldPaths.index(path, i), v, "missing from spec.versions; " + v
        + " was previously a storage version, and must remain in spec.versions until a storage migration ensures "
        + "no data remains persisted in " + v + " and removes " + v + " from status.storedVersions")));
    return errs;
  }

  private static List<FieldError> conversion(JsonNode conversion, Options options) {
    List<FieldError> errs = new ArrayList<>();
    if (!conversion.isObject()) {
      return errs;
    }
    String path = "spec.conversion";
    String strategy = conversion.path("strategy").asString("");
    errs.addAll(enumString(path + ".strategy", strategy, STRATEGIES));
    JsonNode webhook = conversion.path("webhook");
    JsonNode clientConfig = webhook.get("clientConfig");
    boolean hasClientConfig = clientConfig != null && clientConfig.isObject();
    JsonNode reviewVersions = webhook.path("conversionReviewVersions");
    String ccPath = path + ".webhookClientConfig";
    if (strategy.equals("Webhook")) {
      if (!hasClientConfig) {
        errs.add(FieldError.required(ccPath, "required when strategy is set to Webhook"));
      } else {
        errs.addAll(WebhookRules.clientConfig(clientConfig, ccPath));
        String caBundle = clientConfig.path("caBundle").asString("");
        if (!caBundle.isEmpty() && !options.allowInvalidCaBundle()) {
          errs.addAll(CaBundles.validate(caBundle, ccPath + ".caBundle"));
        }
      }
      errs.addAll(reviewVersions(SchemaRules.strings(reviewVersions), options.requireRecognizedReviewVersion(),
          path + ".conversionReviewVersions"));
    } else {
      if (hasClientConfig) {
        errs.add(FieldError.forbidden(ccPath, "should not be set when strategy is not set to Webhook"));
      }
      if (!reviewVersions.isEmpty()) {
        errs.add(FieldError.forbidden(path + ".conversionReviewVersions",
            "should not be set when strategy is not set to Webhook"));
      }
    }
    return errs;
  }

  private static List<FieldError> reviewVersions(List<String> versions, boolean requireRecognized, String path) {
    if (versions.isEmpty()) {
      return List.of(FieldError.required(path, ""));
    }
    List<FieldError> errs = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    boolean accepted = false;
    for (int i = 0; i < versions.size(); i++) {
      String v = versions.get(i);
      if (!seen.add(v)) {
        errs.add(FieldError.invalid(FieldPaths.index(path, i), v, "duplicate version"));
        continue;
      }
      for (String bad : Rules.dns1035Label(v)) {
        errs.add(FieldError.invalid(FieldPaths.index(path, i), v, bad));
      }
      accepted |= REVIEW_VERSIONS.contains(v);
    }
    if (requireRecognized && !accepted) {
      errs.add(FieldError.invalid(path, versions, "must include at least one of v1, v1beta1"));
    }
    return errs;
  }

  static boolean hasAcceptedReviewVersionOrNone(JsonNode conversion) {
    List<String> versions = SchemaRules.strings(conversion.path("webhook").path("conversionReviewVersions"));
    return versions.isEmpty() || versions.stream().anyMatch(REVIEW_VERSIONS::contains);
  }

  /** Groups under k8s.io and kubernetes.io belong to the Kubernetes project and need its API review's approval. */
  private static List<FieldError> approval(KubeObject o, KubeObject old) {
    String group = o.node().path("spec").path("group").asString("");
    boolean protectedGroup = group.equals("k8s.io") || group.endsWith(".k8s.io") || group.equals("kubernetes.io")
        || group.endsWith(".kubernetes.io");
    if (!protectedGroup) {
      return List.of();
    }
    String annotation = o.node().path("metadata").path("annotations").path(APPROVAL).asString("");
    Approval now = Approval.of(annotation);
    if (old != null && Approval.of(old.node().path("metadata").path("annotations").path(APPROVAL).asString(""))
        == now) {
      return List.of();
    }
    String path = "metadata.annotations[" + APPROVAL + "]";
    return switch (now) {
      case MISSING -> List.of(FieldError.required(path, "protected groups must have approval annotation \""
          + APPROVAL + "\", see https://github.com/kubernetes/enhancements/pull/1111"));
      case INVALID -> List.of(FieldError.invalid(path, annotation, "protected groups must have approval annotation \""
          + APPROVAL + "\" with either a URL or a reason starting with \"unapproved\", see "
          + "https://github.com/kubernetes/enhancements/pull/1111"));
      case APPROVED, BYPASSED -> List.of();
    };
  }

  private enum Approval {
    MISSING, INVALID, APPROVED, BYPASSED;

    static Approval of(String annotation) {
      if (annotation.isEmpty()) {
        return MISSING;
      }
      if (annotation.startsWith("unapproved")) {
        return BYPASSED;
      }
      // Upstream wants a URL with a scheme and a host (the API review's pull request).
      try {
        URI uri = new URI(annotation);
        return uri.getScheme() != null && uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty()
            ? APPROVED : INVALID;
      } catch (URISyntaxException e) {
        return INVALID;
      }
    }
  }

  /** v1 may never turn preserveUnknownFields on; a CRD stored with it on (from v1beta1) may keep it. */
  private static List<FieldError> preserveUnknownFields(JsonNode spec, JsonNode oldSpec) {
    if (oldSpec != null && oldSpec.path("preserveUnknownFields").asBoolean(false)) {
      return List.of();
    }
    if (spec.path("preserveUnknownFields").asBoolean(false)) {
      return List.of(FieldError.invalid("spec.preserveUnknownFields", true,
          "cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead"));
    }
    return List.of();
  }
}
