package dev.capstan.server.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The served resources, looked up by group, version and plural name: the built-ins, fixed at start, and the custom
 * resources CustomResourceDefinitions add and remove while the server runs. Readers see one consistent snapshot;
 * changes replace it whole. Thread-safe.
 */
public final class Catalog {
  private volatile Map<String, ResourceDefinition> byPath;
  private final Set<ResourceDefinition> builtins = Collections.newSetFromMap(new IdentityHashMap<>());

  public Catalog(List<ResourceDefinition> definitions) {
    Map<String, ResourceDefinition> all = new LinkedHashMap<>();
    for (ResourceDefinition d : definitions) {
      if (all.putIfAbsent(path(d), d) != null) {
        throw new IllegalArgumentException("duplicate resource " + d.resource() + " in " + d.apiVersion());
      }
    }
    this.byPath = all;
    builtins.addAll(all.values());
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

  /** True for a resource the server has at start, false for one a CustomResourceDefinition added. */
  public boolean builtin(ResourceDefinition d) {
    return builtins.contains(d);
  }

  /**
   * Replaces custom definitions: {@code removed} stop being served, {@code added} start (replacing a definition at
   * the same path). Built-ins are never replaced.
   */
  synchronized void change(Collection<ResourceDefinition> added, Collection<ResourceDefinition> removed) {
    Map<String, ResourceDefinition> next = new LinkedHashMap<>(byPath);
    for (ResourceDefinition d : removed) {
      next.remove(path(d), d);
    }
    for (ResourceDefinition d : added) {
      ResourceDefinition before = byPath.get(path(d));
      if (before != null && builtin(before)) {
        throw new IllegalArgumentException("resource " + d.resource() + " in " + d.apiVersion() + " is built in");
      }
      next.put(path(d), d);
    }
    byPath = next;
  }

  private static String path(ResourceDefinition d) {
    return path(d.group(), d.version(), d.resource());
  }

  private static String path(String group, String version, String resource) {
    return group + "/" + version + "/" + resource;
  }
}
