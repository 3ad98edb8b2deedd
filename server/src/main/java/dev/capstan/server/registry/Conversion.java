package dev.capstan.server.registry;

import dev.capstan.api.KubeObject;

/**
 * Converts between a served version and the version that is stored, for a resource served in more than one
 * version or group over one set of stored objects (events and events.k8s.io events; autoscaling v1 and v2).
 * Both directions get a copy they may change and return, with {@code apiVersion} and {@code kind} set.
 */
public interface Conversion {
  /** The identity, for a version that is stored as it is served. */
  Conversion NONE = new Conversion() {
    @Override
    public KubeObject toStorage(KubeObject served) {
      return served;
    }

    @Override
    public KubeObject fromStorage(KubeObject stored) {
      return stored;
    }
  };

  KubeObject toStorage(KubeObject served);

  KubeObject fromStorage(KubeObject stored);
}
