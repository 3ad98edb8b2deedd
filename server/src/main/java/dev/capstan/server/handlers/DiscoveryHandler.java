package dev.capstan.server.handlers;

import dev.capstan.api.ApiException;
import dev.capstan.server.registry.Catalog;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.request.RequestInfo;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Legacy discovery: {@code /api} (APIVersions), {@code /apis} (APIGroupList) and one APIResourceList per group
 * version. kubectl asks for aggregated discovery first and falls back to these when the answer is plain JSON.
 */
public final class DiscoveryHandler {
  /** kube-apiserver's built-in groups in the order of their APIService priorities, as /apis lists them. */
  private static final List<String> GROUP_ORDER = List.of("", "apiregistration.k8s.io", "apps", "events.k8s.io",
      "authentication.k8s.io", "authorization.k8s.io", "autoscaling", "batch", "certificates.k8s.io",
      "networking.k8s.io", "policy", "rbac.authorization.k8s.io", "storage.k8s.io", "admissionregistration.k8s.io",
      "apiextensions.k8s.io", "scheduling.k8s.io", "coordination.k8s.io", "node.k8s.io", "discovery.k8s.io",
      "flowcontrol.apiserver.k8s.io", "resource.k8s.io");

  private final Catalog catalog;

  public DiscoveryHandler(Catalog catalog) {
    this.catalog = catalog;
  }

  void handle(Context ctx, RequestInfo info) {
    if (!info.verb().equals("get")) {
      throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested "
          + "resource", null);
    }
    String[] parts = ctx.path().replaceAll("^/+|/+$", "").split("/+");
    String aggregated = parts.length == 1 ? aggregatedVersion(ctx.header("Accept")) : null;
    if (aggregated != null) {
      ctx.contentType("application/json;g=apidiscovery.k8s.io;v=" + aggregated + ";as=APIGroupDiscoveryList");
      ctx.result(Encoding.JSON.writeValueAsBytes(aggregated(parts[0].equals("api"), aggregated)));
      return;
    }
    ObjectNode body;
    if (parts.length == 1 && parts[0].equals("api")) {
      body = apiVersions(ctx);
    } else if (parts.length == 1 && parts[0].equals("apis")) {
      body = groupList();
    } else if (parts.length == 2 && parts[0].equals("apis")) {
      body = group(parts[1]);
    } else if (parts.length == 2 && parts[0].equals("api")) {
      body = resourceList("", parts[1]);
    } else if (parts.length == 3 && parts[0].equals("apis")) {
      body = resourceList(parts[1], parts[2]);
    } else {
      throw ApiException.pathNotFound();
    }
    ctx.contentType("application/json");
    ctx.result(Encoding.JSON.writeValueAsBytes(body));
  }

  /**
   * The aggregated-discovery version the client accepts first ({@code v2} or {@code v2beta1}), or null for the
   * legacy documents. kubectl 1.30+ offers v2 then v2beta1; 1.26-1.29 only v2beta1, which upstream 1.33 no longer
   * serves but whose document is the same, so those clients are spared one request per group version too.
   */
  static String aggregatedVersion(String accept) {
    if (accept == null) {
      return null;
    }
    for (String part : accept.split(",")) {
      String p = part.replace(" ", "");
      if (!p.contains("g=apidiscovery.k8s.io") || !p.contains("as=APIGroupDiscoveryList")) {
        if (p.startsWith("application/json") || p.startsWith("*/*")) {
          return null;
        }
        continue;
      }
      if (p.contains("v=v2;") || p.endsWith("v=v2")) {
        return "v2";
      }
      if (p.contains("v=v2beta1")) {
        return "v2beta1";
      }
    }
    return null;
  }

  private ObjectNode aggregated(boolean legacy, String version) {
    ObjectNode list = Encoding.JSON.createObjectNode();
    list.put("kind", "APIGroupDiscoveryList");
    list.put("apiVersion", "apidiscovery.k8s.io/" + version);
    list.putObject("metadata");
    ArrayNode items = list.putArray("items");
    Map<String, Map<String, List<ResourceDefinition>>> groups = new LinkedHashMap<>();
    for (ResourceDefinition d : ordered()) {
      if (d.group().isEmpty() == legacy) {
        groups.computeIfAbsent(d.group(), g -> new LinkedHashMap<>())
            .computeIfAbsent(d.version(), v -> new java.util.ArrayList<>()).add(d);
      }
    }
    groups.forEach((group, versions) -> {
      ObjectNode g = items.addObject();
      ObjectNode meta = g.putObject("metadata");
      if (!group.isEmpty()) {
        meta.put("name", group);
      }
      meta.putNull("creationTimestamp");
      ArrayNode vs = g.putArray("versions");
      versions.forEach((v, defs) -> {
        ObjectNode ver = vs.addObject();
        ver.put("version", v);
        ArrayNode resources = ver.putArray("resources");
        for (ResourceDefinition d : defs) {
          ObjectNode r = resources.addObject();
          r.put("resource", d.resource());
          r.putObject("responseKind").put("group", d.group()).put("version", d.version()).put("kind", d.kind());
          r.put("scope", d.namespaced() ? "Namespaced" : "Cluster");
          r.put("singularResource", d.singular());
          verbsAndNames(r, d);
          if (!d.subresources().isEmpty()) {
            ArrayNode subs = r.putArray("subresources");
            for (ResourceDefinition.Subresource sub : d.subresources()) {
              ObjectNode so = subs.addObject();
              so.put("subresource", sub.name());
              so.putObject("responseKind").put("group", sub.group()).put("version", sub.version())
                  .put("kind", sub.kind());
              ArrayNode sv = so.putArray("verbs");
              sub.verbs().forEach(sv::add);
            }
          }
        }
        ver.put("freshness", "Current");
      });
    });
    return list;
  }

  private ObjectNode apiVersions(Context ctx) {
    ObjectNode o = Encoding.JSON.createObjectNode();
    o.put("kind", "APIVersions");
    o.putArray("versions").add("v1");
    o.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0")
        .put("serverAddress", ctx.req().getLocalAddr() + ":" + ctx.req().getLocalPort());
    return o;
  }

  /** The served groups, each with its versions in discovery order (the preferred one first). */
  private Map<String, List<String>> groups() {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (ResourceDefinition d : ordered()) {
      if (!d.group().isEmpty()) {
        List<String> versions = groups.computeIfAbsent(d.group(), g -> new java.util.ArrayList<>());
        if (!versions.contains(d.version())) {
          versions.add(d.version());
        }
      }
    }
    return groups;
  }

  private ObjectNode groupList() {
    ObjectNode o = Encoding.JSON.createObjectNode();
    o.put("kind", "APIGroupList");
    o.put("apiVersion", "v1");
    ArrayNode out = o.putArray("groups");
    groups().forEach((group, versions) -> describeGroup(out.addObject(), group, versions));
    return o;
  }

  /** {@code /apis/<group>}: one group's {@code APIGroup}. */
  private ObjectNode group(String name) {
    List<String> versions = groups().get(name);
    if (versions == null) {
      throw ApiException.pathNotFound();
    }
    ObjectNode o = Encoding.JSON.createObjectNode();
    o.put("kind", "APIGroup");
    o.put("apiVersion", "v1");
    describeGroup(o, name, versions);
    return o;
  }

  private static void describeGroup(ObjectNode g, String group, List<String> versions) {
    g.put("name", group);
    ArrayNode vs = g.putArray("versions");
    versions.forEach(v -> vs.addObject().put("groupVersion", group + "/" + v).put("version", v));
    g.putObject("preferredVersion").put("groupVersion", group + "/" + versions.get(0))
        .put("version", versions.get(0));
  }

  private ObjectNode resourceList(String group, String version) {
    List<ResourceDefinition> defs = new java.util.ArrayList<>(catalog.groupVersion(group, version));
    defs.sort(java.util.Comparator.comparing(ResourceDefinition::resource));
    if (defs.isEmpty()) {
      throw ApiException.pathNotFound();
    }
    ObjectNode o = Encoding.JSON.createObjectNode();
    o.put("kind", "APIResourceList");
    o.put("apiVersion", "v1");
    o.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode out = o.putArray("resources");
    for (ResourceDefinition d : defs) {
      ObjectNode r = out.addObject();
      r.put("name", d.resource());
      r.put("singularName", d.singular());
      r.put("namespaced", d.namespaced());
      r.put("kind", d.kind());
      verbsAndNames(r, d);
      r.put("storageVersionHash", d.storageVersionHash());
      for (ResourceDefinition.Subresource sub : d.subresources()) {
        ObjectNode so = out.addObject();
        so.put("name", d.resource() + "/" + sub.name());
        so.put("singularName", "");
        so.put("namespaced", d.namespaced());
        if (!sub.group().equals(d.group()) || !sub.version().equals(d.version())) {
          so.put("group", sub.group());
          so.put("version", sub.version());
        }
        so.put("kind", sub.kind());
        ArrayNode sv = so.putArray("verbs");
        sub.verbs().forEach(sv::add);
      }
    }
    return o;
  }

  /**
   * The definitions in upstream's discovery order: groups by kube-apiserver's group priority (unknown groups,
   * such as custom resources', after them by name), built-in versions as declared (preferred first) and custom
   * ones by Kubernetes version priority (v2 before v1 before v1beta1), resources by name.
   */
  private List<ResourceDefinition> ordered() {
    List<ResourceDefinition> all = new java.util.ArrayList<>(catalog.all());
    List<String> versions = all.stream().map(ResourceDefinition::apiVersion).distinct().toList();
    all.sort(java.util.Comparator.<ResourceDefinition>comparingInt(d -> groupRank(d.group()))
        .thenComparing(ResourceDefinition::group)
        .thenComparing((a, b) -> groupRank(a.group()) < GROUP_ORDER.size()
            ? Integer.compare(versions.indexOf(a.apiVersion()), versions.indexOf(b.apiVersion()))
            : KubeVersions.compare(a.version(), b.version()))
        .thenComparing(ResourceDefinition::resource));
    return all;
  }

  private static int groupRank(String group) {
    int i = GROUP_ORDER.indexOf(group);
    return i < 0 ? GROUP_ORDER.size() : i;
  }

  /** The fields both discovery formats share: verbs, then shortNames and categories when there are any. */
  private static void verbsAndNames(ObjectNode r, ResourceDefinition d) {
    ArrayNode verbs = r.putArray("verbs");
    d.discoveryVerbs().forEach(verbs::add);
    if (!d.shortNames().isEmpty()) {
      ArrayNode shortNames = r.putArray("shortNames");
      d.shortNames().forEach(shortNames::add);
    }
    if (!d.categories().isEmpty()) {
      ArrayNode categories = r.putArray("categories");
      d.categories().forEach(categories::add);
    }
  }
}
