package dev.capstan.server.registry.apiextensions;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.validation.TypeChecks;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * CustomResourceDefinitions: defaults, the stored versions, and validation as upstream 1.33 does it
 * ({@link CrdValidation}). Conditions are the establishing controller's; this strategy never sets them.
 *
 * <p>Defaults as upstream's v1 scheme: singular is the lower-cased kind, listKind is kind + "List", conversion is
 * None. The storage version is recorded in {@code status.storedVersions} on create and on every update.
 */
final class CrdStrategy implements Strategy {
  private final SchemaHooks hooks;

  CrdStrategy() {
    this(SchemaHooks.NONE);
  }

  /** @param hooks CEL rule compilation and checking defaults against their schema, wired by the server */
  CrdStrategy(SchemaHooks hooks) {
    this.hooks = hooks;
  }

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
    return CrdValidation.validateCreate(o, hooks);
  }

  @Override
  public List<FieldError> validateUpdate(KubeObject o, KubeObject old) {
    return CrdValidation.validateUpdate(o, old, hooks);
  }

  @Override
  public List<FieldError> validateStatusUpdate(KubeObject o, KubeObject old) {
    return CrdValidation.validateStatusUpdate(o);
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
