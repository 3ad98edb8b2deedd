package dev.capstan.server.registry.apiextensions;

import dev.capstan.server.registry.ResourceDefinition;
import java.util.List;

/**
 * apiextensions.k8s.io/v1: CustomResourceDefinitions, stored with upstream's name rules, defaults and validation
 * (CEL rules compiled as they are stored); upstream prints them with the default Name and Created At columns. The
 * crd package serves the resources they define.
 */
public final class ApiExtensionsResources {
  private ApiExtensionsResources() {}

  public static List<ResourceDefinition> all() {
    return all(new CelHooks());
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
