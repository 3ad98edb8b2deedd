package dev.capstan.server.catalog;

import dev.capstan.api.KubeObject;
import dev.capstan.server.handlers.ReviewHandler;
import dev.capstan.server.registry.apiregistration.ApiRegistrationResources;
import dev.capstan.server.registry.Catalog;
import dev.capstan.server.registry.Registry;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.registry.scheduling.SystemPriorityClasses;
import dev.capstan.server.registry.admissionregistration.AdmissionRegistrationResources;
import dev.capstan.server.registry.apiextensions.ApiExtensionsResources;
import dev.capstan.server.registry.apps.AppsResources;
import dev.capstan.server.registry.autoscaling.AutoscalingResources;
import dev.capstan.server.registry.batch.BatchResources;
import dev.capstan.server.registry.certificates.CertificatesResources;
import dev.capstan.server.registry.cluster.ClusterResources;
import dev.capstan.server.registry.coordination.CoordinationResources;
import dev.capstan.server.registry.core.CoreResources;
import dev.capstan.server.registry.discovery.DiscoveryResources;
import dev.capstan.server.registry.events.EventResources;
import dev.capstan.server.registry.networking.NetworkingResources;
import dev.capstan.server.registry.node.NodeResources;
import dev.capstan.server.registry.persistentvolumes.PersistentVolumeResources;
import dev.capstan.server.registry.pods.PodResources;
import dev.capstan.server.registry.policy.PolicyResources;
import dev.capstan.server.registry.rbac.RbacResources;
import dev.capstan.server.registry.scheduling.SchedulingResources;
import dev.capstan.server.registry.storage.StorageResources;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Every built-in resource Capstan serves, as kube-apiserver 1.33 serves them by default. */
public final class BuiltinCatalog {
  private BuiltinCatalog() {}

  public static Catalog create(Clock clock) {
    List<ResourceDefinition> all = new ArrayList<>(CoreResources.all());
    all.addAll(PodResources.all());
    all.addAll(ClusterResources.all());
    all.addAll(EventResources.all());
    all.addAll(PersistentVolumeResources.all(clock));
    all.addAll(AppsResources.all());
    all.addAll(BatchResources.all());
    all.addAll(AutoscalingResources.all());
    all.addAll(PolicyResources.all());
    all.addAll(CoordinationResources.all());
    all.addAll(DiscoveryResources.all());
    all.addAll(NetworkingResources.all());
    all.addAll(StorageResources.all());
    all.addAll(SchedulingResources.all());
    all.addAll(NodeResources.all());
    all.addAll(RbacResources.all());
    all.addAll(AdmissionRegistrationResources.all());
    all.addAll(ApiExtensionsResources.all());
    all.addAll(CertificatesResources.all());
    all.addAll(ApiRegistrationResources.all());
    all.addAll(ReviewHandler.definitions());
    return new Catalog(all);
  }

  /**
   * Creates the objects upstream's API server creates at start besides namespaces: the system priority classes and
   * an available, local APIService for every group version served.
   */
  public static void bootstrap(Registry registry, Clock clock) {
    registry.catalog().lookup("scheduling.k8s.io", "v1", "priorityclasses")
        .ifPresent(d -> SystemPriorityClasses.objects().forEach(o -> registry.ensure(d, o)));
    registry.catalog().lookup(ApiRegistrationResources.GROUP, "v1", "apiservices").ifPresent(d -> {
      for (KubeObject service : ApiRegistrationResources.local(registry.catalog().all())) {
        registry.ensure(d, service);
        registry.updateStatus(d, "", service.name(), current -> {
          if (current.node().path("status").path("conditions").isEmpty()) {
            ApiRegistrationResources.markAvailable(current, clock.instant());
          }
          return current;
        }, false);
      }
    });
  }
}
