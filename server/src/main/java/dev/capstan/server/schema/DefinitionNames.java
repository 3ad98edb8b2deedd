package dev.capstan.server.schema;

import java.util.Map;
import java.util.Set;

/**
 * Upstream's OpenAPI definition name of a fabric8 model class. fabric8 keeps upstream's type names but files them in
 * its own packages: one package per API group (version-less for a few groups), and the root package mixes core/v1 with
 * apimachinery's meta/v1 types and kube-aggregator's APIService types.
 */
final class DefinitionNames {
  static final String FABRIC8 = "io.fabric8.kubernetes.api.model";
  static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
  static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
  static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";

  /** Types of fabric8's root package that upstream defines in apimachinery's meta/v1. */
  private static final Set<String> META_TYPES = Set.of("APIGroup", "APIGroupList", "APIResource",
      "APIResourceList", "APIVersions", "Condition", "CreateOptions", "DeleteOptions", "Duration",
      "FieldSelectorRequirement", "FieldsV1", "GetOptions", "GroupVersionForDiscovery", "LabelSelector",
      "LabelSelectorRequirement", "ListMeta", "ListOptions", "ManagedFieldsEntry", "MicroTime", "ObjectMeta",
      "OwnerReference", "PartialObjectMetadata", "PartialObjectMetadataList", "Patch", "PatchOptions",
      "Preconditions", "RootPaths", "ServerAddressByClientCIDR", "Status", "StatusCause", "StatusDetails", "Table",
      "TableColumnDefinition", "TableRow", "Time", "TypeMeta", "UpdateOptions", "WatchEvent");

  /** Types of fabric8's root package that upstream defines in kube-aggregator's apiregistration/v1. */
  private static final Set<String> APIREGISTRATION_TYPES = Set.of("APIService", "APIServiceCondition",
      "APIServiceList", "APIServiceSpec", "APIServiceStatus", "ServiceReference");

  /** fabric8 sub-packages whose upstream package is not {@code io.k8s.api.<sub-package>}. */
  private static final Map<String, String> PACKAGES = Map.of(
      "apps", "io.k8s.api.apps.v1",
      "rbac", "io.k8s.api.rbac.v1",
      "storage", "io.k8s.api.storage.v1",
      "authentication", "io.k8s.api.authentication.v1",
      "runtime", "io.k8s.apimachinery.pkg.runtime",
      "version", "io.k8s.apimachinery.pkg.version",
      "apiextensions.v1", "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1",
      "apiextensions.v1beta1", "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1beta1");

  private DefinitionNames() {}

  /** The upstream definition name of {@code type}, or null when it is not a fabric8 model class. */
  static String of(Class<?> type) {
    String pkg = type.getPackageName();
    String name = type.getSimpleName();
    if (pkg.equals(FABRIC8)) {
      if (name.equals("Quantity")) {
        return QUANTITY;
      }
      if (name.equals("IntOrString")) {
        return INT_OR_STRING;
      }
      if (META_TYPES.contains(name)) {
        return META + name;
      }
      if (APIREGISTRATION_TYPES.contains(name)) {
        return "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1." + name;
      }
      return "io.k8s.api.core.v1." + name;
    }
    if (!pkg.startsWith(FABRIC8 + ".")) {
      return null;
    }
    String sub = pkg.substring(FABRIC8.length() + 1);
    String upstream = PACKAGES.get(sub);
    if (upstream == null) {
      upstream = "io.k8s.api." + sub;
    }
    return upstream + "." + name;
  }
}
