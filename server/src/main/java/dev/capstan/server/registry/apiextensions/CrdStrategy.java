package dev.capstan.server.registry.apiextensions;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.registry.shared.Rules;
import dev.capstan.server.validation.NameRules;
import dev.capstan.server.validation.TypeChecks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * CustomResourceDefinitions, the basics only: the name is {@code <plural>.<group>}, the group a dotted domain, the
 * scope Cluster or Namespaced, versions DNS-1035 labels with exactly one storage version, and the names present and
 * well formed. Schemas, conversion webhooks, subresources and printer columns are checked by a later issue.
 *
 * <p>Defaults as upstream's v1 scheme: singular is the lower-cased kind, listKind is kind + "List", conversion is
 * None. The storage version is recorded in {@code status.storedVersions} on create and on every update.
 */
final class CrdStrategy implements Strategy {
  private static final List<String> SCOPES = List.of("Cluster", "Namespaced");

  @Override
  public void checkTypes(KubeObject o, String kind, String apiVersion) {
    TypeChecks.of(o, kind, apiVersion)
        .nested("CustomResourceDefinitionSpec", "string", "spec", "group")
        .nested("CustomResourceDefinitionSpec", "string", "spec", "scope")
        .nested("CustomResourceDefinitionNames", "string", "spec", "names", "plural")
        .nested("CustomResourceDefinitionNames", "string", "spec", "names", "kind");
  }

  @Override
  public void applyDefaults(KubeObject o) {
    if (!(o.node().path("spec") instanceof ObjectNode spec)) {
      return;
    }
    if (spec.path("names") instanceof ObjectNode names) {
      String kind = names.path("kind").asString("");
      if (names.path("singular").asString("").isEmpty()) {
        names.put("singular", kind.toLowerCase(Locale.ROOT));
      }
      if (names.path("listKind").asString("").isEmpty() && !kind.isEmpty()) {
        names.put("listKind", kind + "List");
      }
    }
    if (!spec.path("conversion").isObject()) {
      spec.putObject("conversion").put("strategy", "None");
    }
    if (spec.path("conversion").path("webhook").path("clientConfig").path("service") instanceof ObjectNode service
        && !service.path("port").isNumber()) {
      service.put("port", 443);
    }
  }

  @Override
  public void prepareForCreate(KubeObject o) {
    ObjectNode status = o.node().putObject("status");
    // The zero value of acceptedNames, as upstream serializes it; the establishing controller fills it in.
    status.putObject("acceptedNames").put("plural", "").put("kind", "");
    recordStorageVersion(o, status);
  }

  @Override
  public void prepareForUpdate(KubeObject o, KubeObject old) {
    JsonNode oldStatus = old.node().path("status");
    ObjectNode status = oldStatus.isObject() ? ((ObjectNode) oldStatus).deepCopy() : o.node().objectNode();
    o.node().set("status", status);
    recordStorageVersion(o, status);
  }

  /** Adds the storage version to storedVersions unless it is there, so a migration can find every stored version. */
  private static void recordStorageVersion(KubeObject o, ObjectNode status) {
    for (JsonNode v : o.node().path("spec").path("versions")) {
      if (v.path("storage").asBoolean(false)) {
        String name = v.path("name").asString("");
        ArrayNode stored = status.path("storedVersions") instanceof ArrayNode a ? a : status.putArray("storedVersions");
        for (JsonNode s : stored) {
          if (s.asString("").equals(name)) {
            return;
          }
        }
        stored.add(name);
        return;
      }
    }
  }

  @Override
  public List<FieldError> validate(KubeObject o) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode spec = o.node().path("spec");
    String group = spec.path("group").asString("");
    String plural = spec.path("names").path("plural").asString("");
    if (!o.name().equals(plural + "." + group)) {
      errs.add(FieldError.invalid("metadata.name", o.name(), "must be spec.names.plural+\".\"+spec.group"));
    }
    if (group.isEmpty()) {
      errs.add(FieldError.required("spec.group", ""));
    } else if (!NameRules.dns1123Subdomain(group).isEmpty()) {
      errs.add(FieldError.invalid("spec.group", group, String.join(",", NameRules.dns1123Subdomain(group))));
    } else if (!group.contains(".")) {
      errs.add(FieldError.invalid("spec.group", group, "should be a domain with at least one dot"));
    }
    String scope = spec.path("scope").asString("");
    if (scope.isEmpty()) {
      errs.add(FieldError.required("spec.scope", ""));
    } else if (!SCOPES.contains(scope)) {
      errs.add(Rules.notSupported("spec.scope", scope, SCOPES));
    }
    errs.addAll(versions(spec.path("versions")));
    errs.addAll(names(spec.path("names")));
    return errs;
  }

  private static List<FieldError> versions(JsonNode versions) {
    List<FieldError> errs = new ArrayList<>();
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
    }
    // Upstream prints the whole versions slice here; a nil or empty one is exact, a full one is abbreviated.
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
    return errs;
  }

  private static List<FieldError> names(JsonNode names) {
    List<FieldError> errs = new ArrayList<>();
    for (String field : new String[] {"plural", "singular", "kind", "listKind"}) {
      if (names.path(field).asString("").isEmpty()) {
        errs.add(FieldError.required("spec.names." + field, ""));
      }
    }
    for (String field : new String[] {"plural", "singular"}) {
      String value = names.path(field).asString("");
      List<String> bad = Rules.dns1035Label(value);
      if (!value.isEmpty() && !bad.isEmpty()) {
        errs.add(FieldError.invalid("spec.names." + field, value, String.join(",", bad)));
      }
    }
    for (String field : new String[] {"kind", "listKind"}) {
      String value = names.path(field).asString("");
      List<String> bad = Rules.dns1035Label(value.toLowerCase(Locale.ROOT));
      if (!value.isEmpty() && !bad.isEmpty()) {
        errs.add(FieldError.invalid("spec.names." + field, value, "may have mixed case, but should otherwise match: "
            + String.join(",", bad)));
      }
    }
    JsonNode shortNames = names.path("shortNames");
    for (int i = 0; i < shortNames.size(); i++) {
      String value = shortNames.get(i).asString("");
      List<String> bad = Rules.dns1035Label(value);
      if (!bad.isEmpty()) {
        errs.add(FieldError.invalid("spec.names.shortNames[" + i + "]", value, String.join(",", bad)));
      }
    }
    String kind = names.path("kind").asString("");
    if (!kind.isEmpty() && kind.equals(names.path("listKind").asString(""))) {
      errs.add(FieldError.invalid("spec.names.listKind", kind, "kind and listKind may not be the same"));
    }
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(KubeObject o, KubeObject old) {
    List<FieldError> errs = validate(o);
    JsonNode spec = o.node().path("spec");
    JsonNode before = old.node().path("spec");
    String group = spec.path("group").asString("");
    if (!group.equals(before.path("group").asString(""))) {
      errs.add(Rules.immutable("spec.group", group));
    }
    String plural = spec.path("names").path("plural").asString("");
    if (!plural.equals(before.path("names").path("plural").asString(""))) {
      errs.add(Rules.immutable("spec.names.plural", plural));
    }
    return errs;
  }

  /** A first delete only marks the CRD: the CRD controller deletes its custom resources, then the finalizer. */
  @Override
  public boolean markForDeletion(KubeObject o, java.time.Instant now) {
    ArrayNode finalizers = o.metadata().path("finalizers") instanceof ArrayNode a ? a
        : o.metadata().putArray("finalizers");
    boolean present = false;
    for (JsonNode f : finalizers) {
      present |= f.asString("").equals(CrdConditions.CLEANUP_FINALIZER);
    }
    if (!present) {
      finalizers.add(CrdConditions.CLEANUP_FINALIZER);
    }
    CrdConditions.set(o, CrdConditions.TERMINATING, "True", "InstanceDeletionPending",
        "CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon", now);
    return true;
  }
}
