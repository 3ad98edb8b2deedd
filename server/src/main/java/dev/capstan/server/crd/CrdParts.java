package dev.capstan.server.crd;

import dev.capstan.api.ApiException;
import dev.capstan.server.conversion.CrdConverter;
import dev.capstan.server.conversion.ServiceResolver;
import dev.capstan.server.printers.CustomColumns;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.schema.Schema;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/** The parts a served custom resource version is made of, from the CRD's version entry. */
final class CrdParts implements CustomVersions.Parts {
  private static final Logger LOG = LoggerFactory.getLogger(CrdParts.class);

  @Override
  public VersionSchema schema(JsonNode version, Schema objectMeta) {
    return new StructuralVersion(version.path("schema").path("openAPIV3Schema"), objectMeta);
  }

  private final ServiceResolver services;

  CrdParts(ServiceResolver services) {
    this.services = services;
  }

  /** The CRD's conversion; a webhook whose client cannot be built fails each conversion, as upstream's does. */
  @Override
  public VersionConverter converter(JsonNode crdSpec) {
    CrdConverter converter;
    try {
      converter = CrdConverter.of(crdSpec, services);
    } catch (ApiException e) {
      return (object, apiVersion) -> {
        throw e;
      };
    }
    return (object, apiVersion) -> converter.convert(List.of(object), apiVersion).get(0);
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
