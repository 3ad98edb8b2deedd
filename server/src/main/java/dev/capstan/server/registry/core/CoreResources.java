package dev.capstan.server.registry.core;

import dev.capstan.server.printers.Ages;
import dev.capstan.server.printers.Tables;
import dev.capstan.server.registry.ResourceDefinition;
import java.util.List;

/** The core/v1 resources served so far, with upstream's names, short names, verbs and table columns. */
public final class CoreResources {
  static final Tables.Column NAME = new Tables.Column("Name", "string", "name",
      "The object's name, unique within its namespace.", 0);
  static final Tables.Column AGE = new Tables.Column("Age", "string", "",
      "How long ago the object was created.", 0);

  private CoreResources() {}

  public static List<ResourceDefinition> all() {
    return List.of(namespaces(), configMaps(), secrets(), serviceAccounts(), services());
  }

  static ResourceDefinition namespaces() {
    return new ResourceDefinition("", "v1", "namespaces", "Namespace", "namespace", List.of("ns"), List.of(), false,
        List.of("create", "delete", "get", "list", "patch", "update", "watch"), new NamespaceStrategy(),
        List.of(NAME, new Tables.Column("Status", "string", "", "The phase of the namespace.", 0), AGE),
        (o, now) -> List.of(o.name(), o.node().path("status").path("phase").asString(""), age(o, now)));
  }

  static ResourceDefinition configMaps() {
    return new ResourceDefinition("", "v1", "configmaps", "ConfigMap", "configmap", List.of("cm"), List.of(), true,
        ResourceDefinition.ALL_VERBS, new ConfigMapStrategy(),
        List.of(NAME, new Tables.Column("Data", "string", "", "The number of data entries.", 0), AGE),
        (o, now) -> List.of(o.name(), (long) (o.node().path("data").size() + o.node().path("binaryData").size()),
            age(o, now)));
  }

  static ResourceDefinition secrets() {
    return new ResourceDefinition("", "v1", "secrets", "Secret", "secret", List.of(), List.of(), true,
        ResourceDefinition.ALL_VERBS, new SecretStrategy(),
        List.of(NAME, new Tables.Column("Type", "string", "", "The type of the secret.", 0),
            new Tables.Column("Data", "string", "", "The number of data entries.", 0), AGE),
        (o, now) -> List.of(o.name(), o.node().path("type").asString(""), (long) o.node().path("data").size(),
            age(o, now)));
  }

  static ResourceDefinition serviceAccounts() {
    return new ResourceDefinition("", "v1", "serviceaccounts", "ServiceAccount", "serviceaccount", List.of("sa"),
        List.of(), true, ResourceDefinition.ALL_VERBS, new ServiceAccountStrategy(),
        List.of(NAME, new Tables.Column("Secrets", "string", "", "The number of secrets listed.", 0), AGE),
        (o, now) -> List.of(o.name(), (long) o.node().path("secrets").size(), age(o, now)));
  }

  static ResourceDefinition services() {
    return new ResourceDefinition("", "v1", "services", "Service", "service", List.of("svc"), List.of("all"), true,
        List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"),
        new ServiceStrategy(),
        List.of(NAME,
            new Tables.Column("Type", "string", "", "How the service is exposed.", 0),
            new Tables.Column("Cluster-IP", "string", "", "The service's virtual IP.", 0),
            new Tables.Column("External-IP", "string", "", "Addresses outside the cluster.", 0),
            new Tables.Column("Port(s)", "string", "", "The ports the service exposes.", 0),
            AGE,
            new Tables.Column("Selector", "string", "", "The pods the service routes to.", 1)),
        (o, now) -> ServicePrinter.cells(o, age(o, now)));
  }

  private static String age(dev.capstan.api.KubeObject o, java.time.Instant now) {
    return Ages.since(o.metadata().path("creationTimestamp").asString(""), now);
  }
}
