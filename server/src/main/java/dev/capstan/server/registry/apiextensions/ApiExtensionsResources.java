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
    return List.of(customResourceDefinitions());
  }

  static ResourceDefinition customResourceDefinitions() {
    return ResourceDefinition.builder("apiextensions.k8s.io", "v1", "customresourcedefinitions",
            "CustomResourceDefinition")
        .clusterScoped().shortNames("crd", "crds").categories("api-extensions")
        .strategy(new CrdStrategy()).statusSubresource().generation()
        .build();
  }
}
