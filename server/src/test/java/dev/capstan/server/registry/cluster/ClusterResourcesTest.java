package dev.capstan.server.registry.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.ResourceDefinition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ClusterResourcesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant NOW = Instant.parse("2026-11-29T01:00:00Z");

  static KubeObject obj(String json) {
    return KubeObject.wrap((ObjectNode) JSON.readTree(json.replace('\'', '"')));
  }

  static List<String> messages(List<FieldError> errs) {
    return errs.stream().map(FieldError::message).toList();
  }

  @Test
  void nodesAreClusterScopedWithStatusKeptOnCreateAndUpstreamColumns() {
    ResourceDefinition nodes = ClusterResources.nodes();
    assertThat(nodes.namespaced()).isFalse();
    assertThat(nodes.shortNames()).containsExactly("no");
    assertThat(nodes.strategy().keepsStatusOnCreate()).isTrue();
    assertThat(nodes.subresources()).extracting(ResourceDefinition.Subresource::name).containsExactly("status",
        "proxy");
    assertThat(nodes.columns()).extracting(c -> c.name() + ":" + c.priority()).containsExactly("Name:0",
        "Status:0", "Roles:0", "Age:0", "Version:0", "Internal-IP:1", "External-IP:1", "OS-Image:1",
        "Kernel-Version:1", "Container-Runtime:1");

    KubeObject node = obj("{'metadata':{'name':'n1','creationTimestamp':'2026-11-29T00:00:00Z','labels':{"
        + "'node-role.kubernetes.io/control-plane':'','node-role.kubernetes.io/':'x','kubernetes.io/role':'etcd'}},"
        + "'spec':{'unschedulable':true},'status':{'conditions':[{'type':'MemoryPressure','status':'False'},"
        + "{'type':'Ready','status':'True'}],'addresses':[{'type':'Hostname','address':'n1'},"
        + "{'type':'InternalIP','address':'172.18.0.2'}],'nodeInfo':{'kubeletVersion':'v1.33.1',"
        + "'osImage':'Debian GNU/Linux 12 (bookworm)','kernelVersion':'6.8.0','containerRuntimeVersion':"
        + "'containerd://2.0.3'}}}");
    assertThat(nodes.printer().cells(node, NOW)).containsExactly("n1", "Ready,SchedulingDisabled",
        "control-plane,etcd", "60m", "v1.33.1", "172.18.0.2", "<none>", "Debian GNU/Linux 12 (bookworm)", "6.8.0",
        "containerd://2.0.3");
    assertThat(NodePrinter.status(obj("{'status':{'conditions':[{'type':'Ready','status':'Unknown'}]}}")))
        .isEqualTo("NotReady");
    assertThat(NodePrinter.status(obj("{}"))).isEqualTo("Unknown");
    assertThat(nodes.fieldSelectors().get("spec.unschedulable").apply(obj("{'spec':{}}"))).isEqualTo("false");
  }

  @Test
  void nodeDefaultsAllocatableAndValidatesTaintsAsUpstream() {
    NodeStrategy strategy = new NodeStrategy();
    KubeObject node = obj("{'metadata':{'name':'n1'},'status':{'capacity':{'cpu':'4','pods':'110'}}}");
    strategy.applyDefaults(node);
    assertThat(node.node().at("/status/allocatable").toString()).isEqualTo("{\"cpu\":\"4\",\"pods\":\"110\"}");

    KubeObject bad = obj("{'spec':{'taints':[{'key':'a','effect':'NoSchedule'},{'key':'a','effect':'NoSchedule'},"
        + "{'key':'b','effect':'Sometimes'}],'podCIDRs':['10.0.0.0/40']},'status':{'capacity':{'cpu':'-1'}}}");
    assertThat(messages(strategy.validate(bad))).containsExactly(
        "metadata.taints[1]: Duplicate value: core.Taint{Key:\"a\", Value:\"\", Effect:\"NoSchedule\", "
            + "TimeAdded:<nil>}: taints must be unique by key and effect pair",
        "metadata.taints[2].effect: Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", "
            + "\"PreferNoSchedule\", \"NoExecute\"",
        "status.capacity.cpu: Invalid value: \"-1\": must be greater than or equal to 0",
        "spec.podCIDRs[0]: Invalid value: \"10.0.0.0/40\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or "
            + "2001:db8::/64)");

    KubeObject old = obj("{'spec':{'podCIDRs':['10.244.1.0/24'],'providerID':'kind://n1'}}");
    KubeObject changed = obj("{'spec':{'podCIDRs':['10.244.2.0/24'],'providerID':'kind://n2'}}");
    assertThat(messages(strategy.validateUpdate(changed, old))).containsExactly(
        "spec.podCIDRs: Forbidden: node updates may not change podCIDR except from \"\" to valid",
        "spec.providerID: Forbidden: node updates may not change providerID except from \"\" to valid");
  }

  @Test
  void endpointsDefaultTcpAndPrintUpToThreeAddresses() {
    ResourceDefinition ep = ClusterResources.endpoints();
    assertThat(ep.shortNames()).containsExactly("ep");
    KubeObject o = obj("{'metadata':{'name':'web','creationTimestamp':'2026-11-29T00:00:00Z'},'subsets':["
        + "{'addresses':[{'ip':'10.244.0.5'},{'ip':'10.244.0.6'}],'ports':[{'name':'http','port':80},"
        + "{'name':'https','port':443}]},{'addresses':[{'ip':'fd00::1'}]}]}");
    ep.strategy().applyDefaults(o);
    assertThat(o.node().at("/subsets/0/ports/1/protocol").asString()).isEqualTo("TCP");
    assertThat(ep.printer().cells(o, NOW)).containsExactly("web",
        "10.244.0.5:80,10.244.0.6:80,10.244.0.5:443 + 2 more...", "60m");
    assertThat(EndpointsStrategy.format(obj("{'subsets':[{'addresses':[{'ip':'fd00::1'}],'ports':[{'port':53}]}]}")))
        .isEqualTo("[fd00::1]:53");
    assertThat(EndpointsStrategy.format(obj("{}"))).isEqualTo("<none>");
    assertThat(ep.strategy().validate(o)).isEmpty();

    KubeObject bad = obj("{'subsets':[{'addresses':[{'ip':'127.0.0.1'}],'ports':[{'port':0,'protocol':'ICMP'}]},"
        + "{'ports':[{'port':80,'protocol':'TCP'}]}]}");
    assertThat(messages(ep.strategy().validate(bad))).containsExactly(
        "subsets[0].addresses[0].ip: Invalid value: \"127.0.0.1\": may not be in the loopback range (127.0.0.0/8, "
            + "::1/128)",
        "subsets[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
        "subsets[0].ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
        "subsets[1]: Required value: must specify `addresses` or `notReadyAddresses`");
  }

  @Test
  void limitRangeDefaultsRequestsFromLimitsThenMinAndChecksOrder() {
    ResourceDefinition limits = ClusterResources.limitRanges();
    assertThat(limits.shortNames()).containsExactly("limits");
    assertThat(limits.columns()).extracting(c -> c.name()).containsExactly("Name", "Created At");
    KubeObject lr = obj("{'spec':{'limits':[{'type':'Container','max':{'cpu':'2'},'min':{'memory':'64Mi'},"
        + "'default':{'memory':'256Mi'}},{'type':'Pod','max':{'cpu':'4'}}]}}");
    limits.strategy().applyDefaults(lr);
    assertThat(lr.node().at("/spec/limits/0/default").toString()).isEqualTo("{\"memory\":\"256Mi\",\"cpu\":\"2\"}");
    assertThat(lr.node().at("/spec/limits/0/defaultRequest").toString())
        .isEqualTo("{\"memory\":\"256Mi\",\"cpu\":\"2\"}");
    assertThat(lr.node().at("/spec/limits/1").has("default")).isFalse();
    assertThat(limits.strategy().validate(lr)).isEmpty();

    KubeObject bad = obj("{'spec':{'limits':[{'type':'Container','min':{'cpu':'2'},'max':{'cpu':'1'}},"
        + "{'type':'Container'},{'type':'Pod','default':{'cpu':'1'}}]}}");
    assertThat(messages(limits.strategy().validate(bad))).containsExactly(
        "spec.limits[0].min[cpu]: Invalid value: 2: min value 2 is greater than max value 1",
        "spec.limits[1].type: Duplicate value: \"Container\"",
        "spec.limits[2].default: Forbidden: may not be specified when `type` is 'Pod'");
  }

  @Test
  void quotasPrintUsedOverHardAndRejectNegativeAmounts() {
    ResourceDefinition quota = ClusterResources.resourceQuotas();
    assertThat(quota.shortNames()).containsExactly("quota");
    assertThat(quota.status()).isTrue();
    KubeObject q = obj("{'metadata':{'name':'compute','creationTimestamp':'2026-11-29T00:00:00Z'},"
        + "'spec':{'hard':{'pods':'10','requests.cpu':'1','limits.memory':'2Gi'}},"
        + "'status':{'hard':{'pods':'10','requests.cpu':'1','limits.memory':'2Gi'},'used':{'pods':'2',"
        + "'requests.cpu':'500m'}}}");
    assertThat(quota.printer().cells(q, NOW)).containsExactly("compute", "pods: 2/10, requests.cpu: 500m/1",
        "limits.memory: 0/2Gi", "60m");
    assertThat(quota.strategy().validate(q)).isEmpty();

    KubeObject bad = obj("{'spec':{'hard':{'pods':'1.5','cpu':'-1','widgets':'1'}}}");
    assertThat(messages(quota.strategy().validate(bad))).containsExactly(
        "spec.hard[pods]: Invalid value: 1500m: must be an integer",
        "spec.hard[cpu]: Invalid value: \"-1\": must be greater than or equal to 0",
        "spec.hard[widgets]: Invalid value: \"widgets\": must be a standard resource type or fully qualified",
        "spec.hard[widgets]: Invalid value: \"widgets\": must be a standard resource for quota");
  }
}
