package dev.capstan.server.crd;

import dev.capstan.api.ApiException;
import dev.capstan.api.FieldError;
import dev.capstan.api.GroupResource;
import dev.capstan.api.KubeObject;
import dev.capstan.api.StatusDetails;
import dev.capstan.server.registry.Strategy;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The rules of one custom resource version: the CRD's schema defaults and validates, CEL rules check, and nothing
 * is created while the CRD is being deleted (upstream answers 405 then).
 */
final class CustomResourceStrategy implements Strategy {
  private final VersionSchema schema;
  private final BooleanSupplier terminating;
  private final GroupResource resource;

  CustomResourceStrategy(VersionSchema schema, BooleanSupplier terminating, GroupResource resource) {
    this.schema = schema;
    this.terminating = terminating;
    this.resource = resource;
  }

  @Override
  public void applyDefaults(KubeObject o) {
    schema.applyDefaults(o.node());
  }

  @Override
  public void prepareForCreate(KubeObject o) {
    if (terminating.getAsBoolean()) {
      throw new ApiException(405, "MethodNotAllowed",
          "create not allowed while custom resource definition is terminating",
          new StatusDetails("", resource.group(), resource.resource(), null, 0, List.of()));
    }
  }

  @Override
  public List<FieldError> validate(KubeObject o) {
    return schema.validate(o.node(), null);
  }

  @Override
  public List<FieldError> validateUpdate(KubeObject o, KubeObject old) {
    return schema.validate(o.node(), old.node());
  }

  @Override
  public List<FieldError> validateStatusUpdate(KubeObject o, KubeObject old) {
    return schema.validateStatus(o.node(), old.node());
  }
}
