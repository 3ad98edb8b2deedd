package dev.capstan.server.registry.networking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.ResourceDefinition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class NetworkingResourcesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");

  @Test
  void ingressRowShowsClassHostsAddressAndTlsPorts() {
    KubeObject ing = object("""
        {"metadata":{"name":"web","creationTimestamp":"2026-01-01T00:00:00Z"},
         "spec":{"ingressClassName":"nginx","tls":[{"hosts":["a.example.com"]}],
           "rules":[{"host":"a.example.com"},{"host":"b.example.com"},{},{"host":"c.example.com"},{"host":"d.x"}]},
         "status":{"loadBalancer":{"ingress":[{"ip":"10.0.0.2"},{"hostname":"lb.example.com"},{"ip":"10.0.0.2"}]}}}""");
    ResourceDefinition d = NetworkingResources.ingresses();

    assertThat(d.columns()).extracting(c -> c.name())
        .containsExactly("Name", "Class", "Hosts", "Address", "Ports", "Age");
    // Three hosts are shown; the count of the rest is over all rules, as upstream counts it.
    assertThat(d.printer().cells(ing, NOW)).containsExactly("web", "nginx",
        "a.example.com,b.example.com,c.example.com + 2 more...", "10.0.0.2,lb.example.com", "80, 443", "60m");
    assertThat(d.shortNames()).containsExactly("ing");
    assertThat(d.status()).isTrue();
    assertThat(d.generation()).isTrue();
  }

  @Test
  void ingressWithoutClassOrHostsPrintsUpstreamsPlaceholders() {
    KubeObject ing = object("{\"metadata\":{\"name\":\"x\"},\"spec\":{\"defaultBackend\":{}}}");
    assertThat(NetworkingResources.ingresses().printer().cells(ing, NOW))
        .containsExactly("x", "<none>", "*", "", "80", "<unknown>");
  }

  @Test
  void ingressValidationUsesUpstreamsPathsAndMessages() {
    IngressStrategy s = new IngressStrategy();
    assertThat(messages(s.validate(object("{\"metadata\":{\"name\":\"x\"},\"spec\":{}}")))).containsExactly(
        "spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified");

    KubeObject bad = object("""
        {"metadata":{"name":"x","annotations":{"kubernetes.io/ingress.class":"other"}},
         "spec":{"ingressClassName":"nginx","rules":[{"host":"10.1.2.3","http":{"paths":[
           {"path":"/a","backend":{"service":{"name":"web","port":{"number":80}}}},
           {"path":"rel","pathType":"Prefix","backend":{"service":{"name":"web"}}},
           {"path":"/b","pathType":"Regex","backend":{"service":{"name":"Web","port":{"name":"http","number":8}}}}
         ]}}]}}""");
    assertThat(messages(s.validate(bad))).containsExactly(
        "spec.rules[0].host: Invalid value: \"10.1.2.3\": must be a DNS name, not an IP address",
        "spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified",
        "spec.rules[0].http.paths[1].path: Invalid value: \"rel\": must be an absolute path",
        "spec.rules[0].http.paths[1].backend: Required value: port name or number is required",
        "spec.rules[0].http.paths[2].pathType: Unsupported value: \"Regex\": supported values: \"Exact\", "
            + "\"ImplementationSpecific\", \"Prefix\"",
        "spec.rules[0].http.paths[2].backend.service.name: Invalid value: \"Web\": a DNS-1035 label must consist of "
            + "lower case alphanumeric characters or '-', start with an alphabetic character, and end with an "
            + "alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is "
            + "'[a-z]([-a-z0-9]*[a-z0-9])?')",
        "spec.rules[0].http.paths[2].backend: Invalid value: \"\": cannot set both port name & port number",
        "annotations.kubernetes.io/ingress.class: Invalid value: \"other\": must match `ingressClassName` when both "
            + "are specified");
    // The annotation rule is a create-time rule only.
    assertThat(messages(s.validateUpdate(bad, bad))).noneMatch(m -> m.startsWith("annotations"));
  }

  @Test
  void ingressGetsAnEmptyLoadBalancerStatusOnCreate() {
    KubeObject ing = object("{\"metadata\":{\"name\":\"x\"},\"spec\":{}}");
    new IngressStrategy().prepareForCreate(ing);
    assertThat(ing.node().path("status").toString()).isEqualTo("{\"loadBalancer\":{}}");
  }

  @Test
  void ingressClassDefaultsScopeAndPrintsItsParameters() {
    KubeObject ic = object("""
        {"metadata":{"name":"nginx"},"spec":{"controller":"k8s.io/ingress-nginx",
         "parameters":{"apiGroup":"k8s.example.com","kind":"IngressParameters","name":"external-lb"}}}""");
    IngressClassStrategy s = new IngressClassStrategy();
    s.applyDefaults(ic);
    assertThat(ic.node().path("spec").path("parameters").path("scope").asString()).isEqualTo("Cluster");
    assertThat(s.validate(ic)).isEmpty();
    assertThat(NetworkingResources.ingressClasses().printer().cells(ic, NOW)).containsExactly("nginx",
        "k8s.io/ingress-nginx", "IngressParameters.k8s.example.com/external-lb", "<unknown>");

    KubeObject changed = object("{\"metadata\":{\"name\":\"nginx\"},\"spec\":{\"controller\":\"nginx\"}}");
    assertThat(messages(s.validateUpdate(changed, ic))).containsExactly(
        "spec.controller: Invalid value: \"nginx\": field is immutable",
        "spec.controller: Invalid value: \"nginx\": must be a domain-prefixed path (such as \"acme.io/foo\")");
  }

  @Test
  void networkPolicyDefaultsProtocolAndPolicyTypes() {
    KubeObject np = object("""
        {"metadata":{"name":"db"},"spec":{"podSelector":{"matchLabels":{"app":"db"}},
         "ingress":[{"ports":[{"port":5432}]}],"egress":[{"to":[{"ipBlock":{"cidr":"10.0.0.0/8"}}]}]}}""");
    NetworkPolicyStrategy s = new NetworkPolicyStrategy();
    s.applyDefaults(np);
    assertThat(np.node().path("spec").path("ingress").get(0).path("ports").get(0).path("protocol").asString())
        .isEqualTo("TCP");
    assertThat(np.node().path("spec").path("policyTypes").toString()).isEqualTo("[\"Ingress\",\"Egress\"]");
    assertThat(s.validate(np)).isEmpty();
    assertThat(NetworkingResources.networkPolicies().printer().cells(np, NOW)).containsExactly("db", "app=db",
        "<unknown>");
    assertThat(NetworkingResources.networkPolicies().shortNames()).containsExactly("netpol");
  }

  @Test
  void networkPolicyPeersPortsAndBlocksAreChecked() {
    KubeObject np = object("""
        {"metadata":{"name":"x"},"spec":{"podSelector":{},"ingress":[{
          "ports":[{"protocol":"ICMP","port":80,"endPort":70}],
          "from":[{},{"ipBlock":{"cidr":"10.0.0.0/16","except":["10.1.0.0/24"]},"podSelector":{}}]}]}}""");
    assertThat(messages(new NetworkPolicyStrategy().validate(np))).containsExactly(
        "spec.ingress[0].ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"TCP\", \"UDP\", \"SCTP\"",
        "spec.ingress[0].ports[0].endPort: Invalid value: 80: must be greater than or equal to `port`",
        "spec.ingress[0].from[0]: Required value: must specify a peer",
        "spec.ingress[0].from[1].ipBlock.except[0]: Invalid value: \"10.1.0.0/24\": must be a strict subset of `cidr`",
        "spec.ingress[0].from[1]: Forbidden: may not specify both ipBlock and another peer");
    assertThat(NetworkingResources.networkPolicies().printer().cells(np, NOW).get(1)).isEqualTo("<none>");
  }

  @Test
  void serviceCidrsAndIpAddressesPrintUpstreamsColumns() {
    KubeObject cidr = object("{\"metadata\":{\"name\":\"kubernetes\"},\"spec\":{\"cidrs\":[\"10.96.0.0/12\","
        + "\"fd00::/108\"]}}");
    assertThat(NetworkingResources.serviceCidrs().printer().cells(cidr, NOW)).containsExactly("kubernetes",
        "10.96.0.0/12,fd00::/108", "<unknown>");
    assertThat(new ServiceCidrStrategy().validate(cidr)).isEmpty();
    KubeObject ip = object("{\"metadata\":{\"name\":\"10.96.0.1\"},\"spec\":{\"parentRef\":{\"group\":\"\","
        + "\"resource\":\"services\",\"namespace\":\"default\",\"name\":\"kubernetes\"}}}");
    assertThat(NetworkingResources.ipAddresses().printer().cells(ip, NOW)).containsExactly("10.96.0.1",
        "services/default/kubernetes");
    assertThat(new IpAddressStrategy().nameRule().apply("10.96.0.1")).isEmpty();
    assertThat(new IpAddressStrategy().nameRule().apply("web")).isNotEmpty();
  }

  static List<String> messages(List<FieldError> errs) {
    return errs.stream().map(FieldError::message).toList();
  }

  static KubeObject object(String json) {
    return KubeObject.wrap((ObjectNode) JSON.readTree(json));
  }
}
