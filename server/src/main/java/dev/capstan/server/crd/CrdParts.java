package dev.capstan.server.crd;

import dev.capstan.api.FieldError;
import dev.capstan.server.printers.CustomColumns;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.schema.Schema;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/** The parts a served custom resource version is made of, from the CRD's version entry. */
final class CrdParts implements CustomVersions.Parts {
  private static final Logger LOG = LoggerFactory.getLogger(CrdParts.class);

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

  /** The version's additionalPrinterColumns after Name, or Name and Age when it has none, as upstream prints. */
  @Override
  public ResourceDefinition.Builder table(ResourceDefinition.Builder b, JsonNode version) {
    CustomColumns columns = CustomColumns.of(version.path("additionalPrinterColumns"));
    columns.problem().ifPresent(p -> LOG.warn("printer columns of version {}: {}", version.path("name").asString(""),
        p));
    return b.table(columns.columns(), columns.printer());
  }
}
