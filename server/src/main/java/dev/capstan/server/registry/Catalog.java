package dev.capstan.server.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The served resources, looked up by group, version and plural name. Immutable. */
public final class Catalog {
  private final Map<String, ResourceDefinition> byPath = new LinkedHashMap<>();

  public Catalog(List<ResourceDefinition> definitions) {
    for (ResourceDefinition d : definitions) {
      if (byPath.putIfAbsent(path(d.group(), d.version(), d.resource()), d) != null) {
        throw new IllegalArgumentException("duplicate resource " + d.resource() + " in " + d.apiVersion());
      }
    }
  }

  public Optional<ResourceDefinition> lookup(String group, String version, String resource) {
    return Optional.ofNullable(byPath.get(path(group, version, resource)));
  }

  /** The definitions of one group version, in declaration order. */
  public List<ResourceDefinition> groupVersion(String group, String version) {
    List<ResourceDefinition> out = new ArrayList<>();
    for (ResourceDefinition d : byPath.values()) {
      if (d.group().equals(group) && d.version().equals(version)) {
        out.add(d);
      }
    }
    return out;
  }

  public List<ResourceDefinition> all() {
    return List.copyOf(byPath.values());
  }

  private static String path(String group, String version, String resource) {
    return group + "/" + version + "/" + resource;
  }
}
