package dev.capstan.server.crd;

import dev.capstan.api.FieldError;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.schema.Schema;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** The parts a served custom resource version is made of, from the CRD's version entry. */
final class CrdParts implements CustomVersions.Parts {
  @Override
  public VersionSchema schema(JsonNode version, Schema objectMeta) {
    return new VersionSchema() {
      @Override
      public void applyDefaults(JsonNode object) {}

      @Override
      public List<FieldError> validate(JsonNode object, JsonNode old) {
        return List.of();
      }

      @Override
      public Optional<Schema> model() {
        return Optional.empty();
      }
    };
  }

  @Override
  public VersionConverter converter(JsonNode crdSpec) {
    return VersionConverter.NONE;
  }

  @Override
  public ResourceDefinition.Builder table(ResourceDefinition.Builder b, JsonNode version) {
    return b;
  }
}
