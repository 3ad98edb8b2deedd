package dev.capstan.server.registry.apiextensions;

import dev.capstan.api.FieldError;
import dev.capstan.server.cel.CelRules;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * CRD validation's CEL checks: each node's rules must compile, type-check to bool and fit the cost limits, with
 * upstream's messages. The whole schema is compiled once per validation (the hook is called node by node).
 */
final class CelHooks implements SchemaHooks {
  private static final String ROOT = "openAPIV3Schema";

  /** The last schema compiled, by identity: one CRD validation asks about each of its nodes in turn. */
  private record Compiled(JsonNode root, CelRules rules) {}

  private final ThreadLocal<Compiled> last = new ThreadLocal<>();

  @Override
  public List<FieldError> compileRules(JsonNode root, JsonNode node, String path, boolean preexisting) {
    int at = path.indexOf(ROOT);
    if (at < 0) {
      return List.of();
    }
    String rootPath = path.substring(0, at + ROOT.length());
    Compiled c = last.get();
    if (c == null || c.root() != root) {
      c = new Compiled(root, CelRules.compile(root));
      last.set(c);
    }
    String own = path + ".x-kubernetes-validations[";
    List<FieldError> out = new ArrayList<>();
    for (FieldError e : c.rules().problems(rootPath)) {
      // The schema-wide cost total is reported with the root's rules.
      if (e.field().startsWith(own) || e.field().equals(path) && path.equals(rootPath)) {
        out.add(e);
      }
    }
    return out;
  }
}
