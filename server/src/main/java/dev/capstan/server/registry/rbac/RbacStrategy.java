package dev.capstan.server.registry.rbac;

import dev.capstan.server.registry.Strategy;
import java.util.List;
import java.util.function.Function;

/** What the RBAC kinds share: path-segment names, and whether the kind is the namespaced variant. */
abstract class RbacStrategy implements Strategy {
  final boolean namespaced;

  RbacStrategy(boolean namespaced) {
    this.namespaced = namespaced;
  }

  @Override
  public Function<String, List<String>> nameRule() {
    return dev.capstan.server.validation.NameRules::pathSegment;
  }
}
