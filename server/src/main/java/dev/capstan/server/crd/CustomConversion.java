package dev.capstan.server.crd;

import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.Conversion;
import tools.jackson.databind.node.ObjectNode;

/**
 * Between one served version of a custom resource and its CRD's storage version. Objects read from storage are
 * converted and then defaulted by the served version's schema, as upstream defaults on every read.
 */
final class CustomConversion implements Conversion {
  private final String served;
  private final String storage;
  private final VersionConverter converter;
  private final VersionSchema schema;

  CustomConversion(String served, String storage, VersionConverter converter, VersionSchema schema) {
    this.served = served;
    this.storage = storage;
    this.converter = converter;
    this.schema = schema;
  }

  @Override
  public KubeObject toStorage(KubeObject object) {
    return to(object, storage);
  }

  @Override
  public KubeObject fromStorage(KubeObject stored) {
    KubeObject out = to(stored, served);
    schema.applyDefaults(out.node());
    return out;
  }

  private KubeObject to(KubeObject object, String apiVersion) {
    if (object.node().path("apiVersion").asString("").equals(apiVersion)) {
      return object;
    }
    ObjectNode converted = converter.convert(object.node(), apiVersion);
    return converted == object.node() ? object : KubeObject.wrap(converted);
  }
}
