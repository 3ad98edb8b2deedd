package dev.capstan.server.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the fabric8 model class of a kind without loading the whole model. Each fabric8 model jar names its resource
 * classes in {@code META-INF/services/io.fabric8.kubernetes.api.model.KubernetesResource}; those names (read once, on
 * first use, without loading a class) give the candidate classes of a kind and the packages fabric8 uses. Some kinds
 * are missing from those lists (TokenReview, Scale, Lease, ...), so a kind is also tried in every listed package. A
 * candidate counts only when its {@code @Group} and {@code @Version} say the requested group and version, so only the
 * few classes named like the kind are ever loaded. Thread-safe.
 */
final class FabricKinds {
  static final String SERVICES = "META-INF/services/io.fabric8.kubernetes.api.model.KubernetesResource";

  private final ClassLoader loader;
  private volatile Index index;

  FabricKinds(ClassLoader loader) {
    this.loader = loader;
  }

  /** The fabric8 class of {@code kind} in {@code group}/{@code version} ("" is the core group), if fabric8 has one. */
  Optional<Class<?>> find(String group, String version, String kind) {
    for (String name : index().candidates(kind)) {
      Class<?> type = load(name);
      if (type == null) {
        continue;
      }
      Group g = type.getAnnotation(Group.class);
      Version v = type.getAnnotation(Version.class);
      if (g != null && v != null && g.value().equals(group) && v.value().equals(version) && hasFields(type)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /** The number of class names the service files list, for reports and tests. */
  int listed() {
    return index().byKind.values().stream().mapToInt(List::size).sum();
  }

  private static boolean hasFields(Class<?> type) {
    for (var f : type.getDeclaredFields()) {
      if (f.isAnnotationPresent(JsonProperty.class)) {
        return true;
      }
    }
    return false;
  }

  private Class<?> load(String name) {
    try {
      return Class.forName(name, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  private Index index() {
    Index i = index;
    if (i == null) {
      synchronized (this) {
        i = index;
        if (i == null) {
          i = Index.read(loader);
          index = i;
        }
      }
    }
    return i;
  }

  /** Class names by simple name, and every package they live in. */
  private record Index(Map<String, List<String>> byKind, Set<String> packages) {
    static Index read(ClassLoader loader) {
      Map<String, List<String>> byKind = new HashMap<>();
      Set<String> packages = new LinkedHashSet<>();
      try {
        Enumeration<URL> files = loader.getResources(SERVICES);
        while (files.hasMoreElements()) {
          try (InputStream in = files.nextElement().openStream()) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
              String name = line.strip();
              int dot = name.lastIndexOf('.');
              if (name.isEmpty() || name.startsWith("#") || dot < 0) {
                continue;
              }
              byKind.computeIfAbsent(name.substring(dot + 1), k -> new ArrayList<>()).add(name);
              packages.add(name.substring(0, dot));
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new Index(byKind, packages);
    }

    List<String> candidates(String kind) {
      Set<String> names = new LinkedHashSet<>(byKind.getOrDefault(kind, List.of()));
      for (String pkg : packages) {
        names.add(pkg + "." + kind);
      }
      return List.copyOf(names);
    }
  }
}
