package dev.capstan.server.registry.core;

import dev.capstan.server.printers.Ages;
import dev.capstan.server.printers.Tables;
import dev.capstan.server.registry.ResourceDefinition;
import java.util.List;

/** The core/v1 resources served so far, with upstream's names, short names, verbs and table columns. */
public final class CoreResources {
  static final Tables.Column NAME = Tables.NAME;
  static final Tables.Column AGE = Tables.AGE;

  private CoreResources() {}

  public static List<ResourceDefinition> all() {
    return List.of(namespaces(), configMaps(), secrets(), serviceAccounts(), services());
  }

  static ResourceDefinition namespaces() {
    return ResourceDefinition.builder("", "v1", "namespaces", "Namespace").shortNames("ns").clusterScoped()
        .verbs("create", "delete", "get", "list", "patch", "update", "watch").strategy(new NamespaceStrategy())
        .statusSubresource().subresource("finalize", "", "v1", "Namespace", "update")
        .fieldSelectors("status.phase")
        .table(List.of(NAME, new Tables.Column("Status", "string", "", "The phase of the namespace.", 0), AGE),
            (o, now) -> List.of(o.name(), o.node().path("status").path("phase").asString(""), age(o, now)))
        .build();
  }

  static ResourceDefinition configMaps() {
    return ResourceDefinition.builder("", "v1", "configmaps", "ConfigMap").shortNames("cm")
        .strategy(new ConfigMapStrategy())
        .table(List.of(NAME, new Tables.Column("Data", "string", "", "The number of data entries.", 0), AGE),
            (o, now) -> List.of(o.name(), (long) (o.node().path("data").size() + o.node().path("binaryData").size()),
                age(o, now)))
        .build();
  }

  static ResourceDefinition secrets() {
    return ResourceDefinition.builder("", "v1", "secrets", "Secret").strategy(new SecretStrategy())
        .fieldSelectors("type")
        .table(List.of(NAME, new Tables.Column("Type", "string", "", "The type of the secret.", 0),
                new Tables.Column("Data", "string", "", "The number of data entries.", 0), AGE),
            (o, now) -> List.of(o.name(), o.node().path("type").asString(""), (long) o.node().path("data").size(),
                age(o, now)))
        .build();
  }

  static ResourceDefinition serviceAccounts() {
    return ResourceDefinition.builder("", "v1", "serviceaccounts", "ServiceAccount").shortNames("sa")
        .strategy(new ServiceAccountStrategy()).returnsDeletedObject().subresource("token", "authentication.k8s.io", "v1", "TokenRequest",
            "create")
        .table(List.of(NAME, new Tables.Column("Secrets", "string", "", "The number of secrets listed.", 0), AGE),
            (o, now) -> List.of(o.name(), (long) o.node().path("secrets").size(), age(o, now)))
        .build();
  }

  static ResourceDefinition services() {
    return ResourceDefinition.builder("", "v1", "services", "Service").shortNames("svc").categories("all")
        .strategy(new ServiceStrategy()).statusSubresource().subresource("proxy", "", "v1", "ServiceProxyOptions",
            "create", "delete", "get", "patch", "update")
        .fieldSelectors("spec.clusterIP", "spec.type")
        .table(List.of(NAME,
            new Tables.Column("Type", "string", "", "How the service is exposed.", 0),
            new Tables.Column("Cluster-IP", "string", "", "The service's virtual IP.", 0),
            new Tables.Column("External-IP", "string", "", "Addresses outside the cluster.", 0),
            new Tables.Column("Port(s)", "string", "", "The ports the service exposes.", 0),
            AGE,
            new Tables.Column("Selector", "string", "", "The pods the service routes to.", 1)),
            (o, now) -> ServicePrinter.cells(o, age(o, now)))
        .build();
  }

  private static String age(dev.capstan.api.KubeObject o, java.time.Instant now) {
    return Ages.since(o.metadata().path("creationTimestamp").asString(""), now);
  }
}
