package dev.capstan.server.registry.apiextensions;

import dev.capstan.server.registry.ResourceDefinition;
import java.util.List;

/**
 * apiextensions.k8s.io/v1: CustomResourceDefinitions, stored with upstream's name rules and defaults. Serving the
 * resources they define is a later issue; upstream prints them with the default Name and Created At columns.
 */
public final class ApiExtensionsResources {
  private ApiExtensionsResources() {}

  public static List<ResourceDefinition> all() {
    return all(SchemaHooks.NONE);
  }

  /** @param hooks CEL rule compilation and default-value checks for CRD schemas */
  public static List<ResourceDefinition> all(SchemaHooks hooks) {
    return List.of(customResourceDefinitions(hooks));
  }

  static ResourceDefinition customResourceDefinitions() {
    return customResourceDefinitions(SchemaHooks.NONE);
  }

  static ResourceDefinition customResourceDefinitions(SchemaHooks hooks) {
    return ResourceDefinition.builder("apiextensions.k8s.io", "v1", "customresourcedefinitions",
            "CustomResourceDefinition")
        .clusterScoped().shortNames("crd", "crds").categories("api-extensions")
        .strategy(new CrdStrategy(hooks)).statusSubresource().generation()
        .build();
  }
}
