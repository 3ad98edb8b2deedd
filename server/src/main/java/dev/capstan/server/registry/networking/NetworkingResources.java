package dev.capstan.server.registry.networking;

import static dev.capstan.server.registry.shared.Cells.AGE;
import static dev.capstan.server.registry.shared.Cells.NAME;
import static dev.capstan.server.registry.shared.Cells.column;

import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.registry.Selectors;
import dev.capstan.server.registry.shared.Cells;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * networking.k8s.io/v1: Ingresses, IngressClasses and NetworkPolicies, plus the ServiceCIDRs and IPAddresses that
 * 1.33 serves as GA. Stored and validated as upstream; no controller acts on them here.
 */
public final class NetworkingResources {
  static final String GROUP = "networking.k8s.io";

  private NetworkingResources() {}

  public static List<ResourceDefinition> all() {
    return List.of(ingresses(), ingressClasses(), networkPolicies(), serviceCidrs(), ipAddresses());
  }

  static ResourceDefinition ingresses() {
    return ResourceDefinition.builder(GROUP, "v1", "ingresses", "Ingress").shortNames("ing")
        .strategy(new IngressStrategy()).statusSubresource().generation()
        .table(List.of(NAME,
            column("Class", "string", "The name of the IngressClass resource that should be used for additional "
                + "configuration"),
            column("Hosts", "string", "Hosts that incoming requests are matched against before the ingress rule"),
            column("Address", "string", "Address is a list containing ingress points for the load-balancer"),
            column("Ports", "string", "Ports of TLS configurations that open"),
            AGE),
        (o, now) -> {
          JsonNode spec = o.node().path("spec");
          String className = spec.path("ingressClassName").isString() ? spec.path("ingressClassName").asString()
              : "<none>";
          return List.of(o.name(), className, hosts(spec.path("rules")), address(o), spec.path("tls").isEmpty() ? "80"
              : "80, 443", Cells.age(o, now));
        })
        .build();
  }

  static ResourceDefinition ingressClasses() {
    return ResourceDefinition.builder(GROUP, "v1", "ingressclasses", "IngressClass").clusterScoped()
        .strategy(new IngressClassStrategy()).generation()
        .table(List.of(NAME,
            column("Controller", "string", "Controller that is responsible for handling this class"),
            column("Parameters", "string", "A reference to a resource with additional parameters"),
            AGE),
        (o, now) -> List.of(o.name(), Cells.text(o.node(), "spec", "controller"), parameters(o), Cells.age(o, now)))
        .build();
  }

  static ResourceDefinition networkPolicies() {
    return ResourceDefinition.builder(GROUP, "v1", "networkpolicies", "NetworkPolicy").shortNames("netpol")
        .strategy(new NetworkPolicyStrategy()).generation()
        .table(List.of(NAME,
            column("Pod-Selector", "string", "Selects the pods to which this NetworkPolicy object applies."),
            AGE),
        (o, now) -> {
          String selector = Selectors.selectorString(o.node().path("spec").path("podSelector"));
          return List.of(o.name(), selector.isEmpty() ? "<none>" : selector, Cells.age(o, now));
        })
        .build();
  }

  static ResourceDefinition serviceCidrs() {
    return ResourceDefinition.builder(GROUP, "v1", "servicecidrs", "ServiceCIDR").clusterScoped()
        .strategy(new ServiceCidrStrategy()).statusSubresource()
        .table(List.of(NAME, column("CIDRs", "string", "CIDRs defines the IP blocks in CIDR notation (e.g. "
            + "\"192.168.0.0/24\" or \"2001:db8::/64\") from which to assign service cluster IPs."), AGE),
        (o, now) -> {
          List<String> cidrs = new ArrayList<>();
          o.node().path("spec").path("cidrs").forEach(c -> cidrs.add(c.asString("")));
          return List.of(o.name(), String.join(",", cidrs), Cells.age(o, now));
        })
        .build();
  }

  static ResourceDefinition ipAddresses() {
    // Upstream declares only these two columns for IPAddresses (its printer's age cell has no column).
    return ResourceDefinition.builder(GROUP, "v1", "ipaddresses", "IPAddress").clusterScoped().shortNames("ip")
        .strategy(new IpAddressStrategy())
        .table(List.of(NAME, column("ParentRef", "string", "ParentRef references the resource that an IPAddress is "
            + "attached to.")),
        (o, now) -> List.of(o.name(), parentRef(o.node().path("spec").path("parentRef"))))
        .build();
  }

  /**
   * Up to three hosts of the rules, then "+ N more..." counted over all rules, as upstream's formatHosts; "*" when
   * no rule names a host.
   */
  static String hosts(JsonNode rules) {
    List<String> list = new ArrayList<>();
    boolean more = false;
    for (JsonNode rule : rules) {
      if (list.size() == 3) {
        more = true;
      }
      String host = rule.path("host").asString("");
      if (!more && !host.isEmpty()) {
        list.add(host);
      }
    }
    if (list.isEmpty()) {
      return "*";
    }
    String joined = String.join(",", list);
    return more ? joined + " + " + (rules.size() - 3) + " more..." : joined;
  }

  /** The load balancer's IPs or hostnames, sorted and distinct. Server-side tables are always wide: no clipping. */
  static String address(KubeObject o) {
    TreeSet<String> out = new TreeSet<>();
    for (JsonNode ingress : o.node().path("status").path("loadBalancer").path("ingress")) {
      String ip = ingress.path("ip").asString("");
      String hostname = ingress.path("hostname").asString("");
      if (!ip.isEmpty()) {
        out.add(ip);
      } else if (!hostname.isEmpty()) {
        out.add(hostname);
      }
    }
    return String.join(",", out);
  }

  /** {@code Kind.apiGroup/name}, or {@code <none>}. */
  static String parameters(KubeObject o) {
    JsonNode p = o.node().path("spec").path("parameters");
    if (!p.isObject()) {
      return "<none>";
    }
    String out = p.path("kind").asString("");
    if (p.path("apiGroup").isString()) {
      out += "." + p.path("apiGroup").asString();
    }
    return out + "/" + p.path("name").asString("");
  }

  /** {@code resource.group[/namespace]/name} in lower case, or {@code <none>}. */
  static String parentRef(JsonNode ref) {
    if (!ref.isObject()) {
      return "<none>";
    }
    String resource = ref.path("resource").asString("");
    String group = ref.path("group").asString("");
    String out = (group.isEmpty() ? resource : resource + "." + group).toLowerCase(java.util.Locale.ROOT);
    String namespace = ref.path("namespace").asString("");
    if (!namespace.isEmpty()) {
      out += "/" + namespace;
    }
    return out + "/" + ref.path("name").asString("");
  }
}
