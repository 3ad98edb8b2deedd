package dev.capstan.server.registry.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Catalog;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.registry.admissionregistration.AdmissionRegistrationResources;
import dev.capstan.server.registry.apiextensions.ApiExtensionsResources;
import dev.capstan.server.registry.certificates.CertificatesResources;
import dev.capstan.server.registry.coordination.CoordinationResources;
import dev.capstan.server.registry.core.CoreResources;
import dev.capstan.server.registry.networking.NetworkingResources;
import dev.capstan.server.registry.node.NodeResources;
import dev.capstan.server.registry.rbac.RbacResources;
import dev.capstan.server.registry.scheduling.SchedulingResources;
import dev.capstan.server.registry.storage.StorageResources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The cluster-configuration groups together with the existing ones, as Capstan wires them. */
class ClusterGroupsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static List<ResourceDefinition> added() {
    List<ResourceDefinition> out = new ArrayList<>();
    out.addAll(NetworkingResources.all());
    out.addAll(StorageResources.all());
    out.addAll(SchedulingResources.all());
    out.addAll(NodeResources.all());
    out.addAll(AdmissionRegistrationResources.all());
    out.addAll(ApiExtensionsResources.all());
    out.addAll(CertificatesResources.all());
    return out;
  }

  @Test
  void groupsJoinTheCatalogWithoutClashingNames() {
    List<ResourceDefinition> all = new ArrayList<>(CoreResources.all());
    all.addAll(CoordinationResources.all());
    all.addAll(RbacResources.all());
    all.addAll(added());
    Catalog catalog = new Catalog(all);
    assertThat(catalog.groupVersion("networking.k8s.io", "v1")).extracting(ResourceDefinition::resource)
        .containsExactly("ingresses", "ingressclasses", "networkpolicies", "servicecidrs", "ipaddresses");
    Set<String> shortNames = new HashSet<>();
    for (ResourceDefinition d : all) {
      for (String s : d.shortNames()) {
        assertThat(shortNames.add(s)).as("short name %s of %s", s, d.resource()).isTrue();
      }
    }
  }

  @Test
  void everyPrinterFillsEveryColumnOfAnEmptyObject() {
    ObjectNode node = JSON.createObjectNode();
    node.putObject("metadata").put("name", "x");
    KubeObject empty = KubeObject.wrap(node);
    for (ResourceDefinition d : added()) {
      assertThat(d.printer().cells(empty, Instant.EPOCH)).as(d.resource()).hasSize(d.columns().size());
      assertThat(d.columns().get(0).format()).as(d.resource()).isEqualTo("name");
    }
  }
}
