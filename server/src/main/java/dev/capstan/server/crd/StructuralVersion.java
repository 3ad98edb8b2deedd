package dev.capstan.server.crd;

import dev.capstan.api.FieldError;
import dev.capstan.server.schema.Schema;
import dev.capstan.server.structural.StructuralSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** A CRD version with a structural schema: upstream's pruning of nulls, defaulting and validation. */
final class StructuralVersion implements VersionSchema {
  private final StructuralSchema schema;
  private final Schema model;

  StructuralVersion(JsonNode openApiV3Schema, Schema objectMeta) {
    this.schema = StructuralSchema.parse(openApiV3Schema);
    this.model = schema.model(objectMeta);
  }

  @Override
  public void applyDefaults(JsonNode object) {
    // Upstream drops nulls the schema does not allow right after pruning, before it defaults.
    schema.pruneNulls(object);
    schema.applyDefaults(object);
  }

  @Override
  public List<FieldError> validate(JsonNode object, JsonNode old) {
    return new ArrayList<>(old == null ? schema.validate(object) : schema.validateUpdate(object, old));
  }

  @Override
  public List<FieldError> validateStatus(JsonNode object, JsonNode old) {
    return new ArrayList<>(schema.validateStatus(object, old));
  }

  @Override
  public Optional<Schema> model() {
    return Optional.of(model);
  }
}
