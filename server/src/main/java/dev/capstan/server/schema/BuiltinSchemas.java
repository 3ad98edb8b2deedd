package dev.capstan.server.schema;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The schemas of Kubernetes' built-in kinds: types and fields from the fabric8 model classes, upstream's list, map,
 * strategic merge and format facts from one recorded table ({@code builtin-tags.tsv}, see {@link UpstreamTags}).
 *
 * <p>Nothing is loaded up front: the first lookup of a kind reads the fabric8 resource lists and loads the few classes
 * named like the kind; the fields of each type are read when first asked for. A kind's node is cached. Thread-safe.
 */
public final class BuiltinSchemas implements SchemaModel {
  private final FabricKinds kinds;
  private final FabricTypes types;
  private final Map<String, Optional<Schema>> cache = new ConcurrentHashMap<>();

  private BuiltinSchemas(FabricKinds kinds, FabricTypes types) {
    this.kinds = kinds;
    this.types = types;
  }

  /** The built-in kinds of the fabric8 model on this class's class path. */
  public static SchemaModel create() {
    return new BuiltinSchemas(new FabricKinds(BuiltinSchemas.class.getClassLoader()),
        new FabricTypes(UpstreamTags.load()));
  }

  @Override
  public Optional<Schema> kind(String group, String version, String kind) {
    return cache.computeIfAbsent(group + "/" + version + "/" + kind,
        k -> kinds.find(group, version, kind).map(types::of));
  }
}
