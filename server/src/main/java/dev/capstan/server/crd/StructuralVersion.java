package dev.capstan.server.crd;

import dev.capstan.api.FieldError;
import dev.capstan.server.cel.CelRules;
import dev.capstan.server.schema.Schema;
import dev.capstan.server.structural.StructuralSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** A CRD version with a structural schema: upstream's pruning of nulls, defaulting, validation and CEL rules. */
final class StructuralVersion implements VersionSchema {
  private final StructuralSchema schema;
  private final CelRules rules;
  private final Schema model;

  StructuralVersion(JsonNode openApiV3Schema, Schema objectMeta) {
    this.schema = StructuralSchema.parse(openApiV3Schema);
    this.rules = CelRules.compile(openApiV3Schema);
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
    List<FieldError> errs = new ArrayList<>(old == null ? schema.validate(object) : schema.validateUpdate(object,
        old));
    return withRules(errs, object, old);
  }

  @Override
  public List<FieldError> validateStatus(JsonNode object, JsonNode old) {
    return withRules(new ArrayList<>(schema.validateStatus(object, old)), object, old);
  }

  /** Rules run unless a value has the wrong type, which they could not read (upstream says so instead). */
  private List<FieldError> withRules(List<FieldError> errs, JsonNode object, JsonNode old) {
    if (rules.isEmpty()) {
      return errs;
    }
    if (errs.stream().anyMatch(e -> e.type() == FieldError.Type.TYPE_INVALID)) {
      errs.add(FieldError.invalid("<nil>", "null", "some validation rules were not checked because the object was "
          + "invalid; correct the existing errors to complete validation"));
    } else {
      errs.addAll(rules.validate(object, old));
    }
    return errs;
  }

  @Override
  public Optional<Schema> model() {
    return Optional.of(model);
  }
}
