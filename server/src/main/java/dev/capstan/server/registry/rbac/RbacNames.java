package dev.capstan.server.registry.rbac;

import java.util.ArrayList;
import java.util.List;

/** RBAC object names are path segments, not DNS names: anything but ".", "..", '/' and '%', as upstream. */
final class RbacNames {
  private RbacNames() {}

  static List<String> pathSegment(String name) {
    List<String> errs = new ArrayList<>();
    if (name.equals(".") || name.equals("..")) {
      errs.add("may not be '" + name + "'");
      return errs;
    }
    if (name.contains("/")) {
      errs.add("may not contain '/'");
    }
    if (name.contains("%")) {
      errs.add("may not contain '%'");
    }
    return errs;
  }
}
