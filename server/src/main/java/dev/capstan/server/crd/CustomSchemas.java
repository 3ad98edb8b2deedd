package dev.capstan.server.crd;

import dev.capstan.server.schema.Schema;
import dev.capstan.server.schema.SchemaModel;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The schemas of every served kind: the built-ins' model, and the schemas of custom resources as their
 * CustomResourceDefinitions come and go. Field validation, pruning, server-side apply and OpenAPI read kinds
 * through it. Thread-safe.
 */
public final class CustomSchemas implements SchemaModel {
  private final SchemaModel builtins;
  private final Map<String, Schema> custom = new ConcurrentHashMap<>();

  public CustomSchemas(SchemaModel builtins) {
    this.builtins = builtins;
  }

  @Override
  public Optional<Schema> kind(String group, String version, String kind) {
    Schema s = custom.get(key(group, version, kind));
    return s != null ? Optional.of(s) : builtins.kind(group, version, kind);
  }

  @Override
  public Optional<Schema> definition(String name) {
    return builtins.definition(name);
  }

  /** The built-in model alone (what strategic merge patch and the OpenAPI shared definitions come from). */
  public SchemaModel builtins() {
    return builtins;
  }

  void put(String group, String version, String kind, Schema schema) {
    custom.put(key(group, version, kind), schema);
  }

  void remove(String group, String version, String kind) {
    custom.remove(key(group, version, kind));
  }

  private static String key(String group, String version, String kind) {
    return group + "/" + version + "/" + kind;
  }
}
