package dev.capstan.server.crd;

import dev.capstan.api.FieldError;
import dev.capstan.server.schema.Schema;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** What one version of a CustomResourceDefinition says about its objects: defaults, validation and shape. */
interface VersionSchema {
  /** Fills the schema's defaults in place, as on create, update and every read from storage. */
  void applyDefaults(JsonNode object);

  /**
   * The schema's errors and its CEL rules' errors.
   *
   * @param old the object before an update, or null on create (transition rules need it)
   */
  List<FieldError> validate(JsonNode object, JsonNode old);

  /** The errors of a write to {@code /status}: the status against its schema, and the rules. */
  List<FieldError> validateStatus(JsonNode object, JsonNode old);

  /** The shape of a whole object, for pruning, field validation, server-side apply and OpenAPI. */
  Optional<Schema> model();
}
