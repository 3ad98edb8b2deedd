package dev.capstan.server.cel;

import dev.capstan.api.FieldError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One evaluation of a {@link CelRules} tree over a custom resource: walks the object beside the validator tree,
 * binds {@code self}/{@code oldSelf} at every node with rules and reports failures as upstream does.
 *
 * <p>Bounds: each expression may spend {@link CelEnvironment#PER_CALL_LIMIT} cost units and the whole object
 * {@link #BUDGET} (upstream's PerCallLimit and RuntimeCELCostBudget). A unit here is one evaluated expression
 * node, which tracks cel-go's runtime cost closely for field access, comparisons and comprehensions but charges
 * a string function one unit whatever the string's length (such calls are linear and the request is at most
 * 3 MiB, so they cannot run away). Once a limit is hit no further rule runs, with upstream's messages.
 * Not thread-safe; make one per validation.
 */
final class RuleEvaluator {
  /** Upstream's RuntimeCELCostBudget: the cost all rules may spend on one object. */
  static final long BUDGET = 10_000_000;
  private static final int MAX_MESSAGE_BYTES = 5 * 1024;

  private long remaining = BUDGET;
  private final List<FieldError> errors = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  CelRules.Result run(CelRules.Node root, JsonNode object, JsonNode oldObject) {
    walk(root, object, oldObject, "", oldObject != null && object.equals(oldObject));
    return new CelRules.Result(List.copyOf(errors), List.copyOf(warnings));
  }

  /**
   * @param unchanged whether this value equals its old value (or, where it has none to correlate with, whether
   *     its nearest correlatable ancestor does): upstream's validation ratcheting, under which rules that do not
   *     read oldSelf only warn about values an update leaves as they were
   */
  private void walk(CelRules.Node node, JsonNode obj, JsonNode old, String path, boolean unchanged) {
    if (node == null || obj == null || obj.isNull() || obj.isMissingNode() || remaining < 0) {
      return;
    }
    if (old != null && (old.isNull() || old.isMissingNode())) {
      old = null;
    }
    evaluate(node, obj, old, path, unchanged);
    if (remaining < 0) {
      return;
    }
    if (obj.isObject()) {
      boolean correlatable = node.schema().mapCorrelatable();
      if (node.additionalProperties() != null) {
        for (Map.Entry<String, JsonNode> e : obj.properties()) {
          JsonNode was = correlatable && old != null ? old.get(e.getKey()) : null;
          walk(node.additionalProperties(), e.getValue(), was, path + "[" + e.getKey() + "]",
              same(e.getValue(), was, unchanged));
          if (remaining < 0) {
            return;
          }
        }
      }
      for (Map.Entry<String, JsonNode> e : obj.properties()) {
        CelRules.Node child = node.properties().get(e.getKey());
        if (child != null) {
          JsonNode was = correlatable && old != null ? old.get(e.getKey()) : null;
          walk(child, e.getValue(), was, path.isEmpty() ? e.getKey() : path + "." + e.getKey(),
              same(e.getValue(), was, unchanged));
          if (remaining < 0) {
            return;
          }
        }
      }
    } else if (obj.isArray() && node.items() != null) {
      for (int i = 0; i < obj.size(); i++) {
        JsonNode was = oldItem(node.schema(), obj.get(i), old);
        walk(node.items(), obj.get(i), was, path + "[" + i + "]", same(obj.get(i), was, unchanged));
        if (remaining < 0) {
          return;
        }
      }
    }
  }

  private static boolean same(JsonNode value, JsonNode old, boolean parentUnchanged) {
    return old == null ? parentUnchanged : value.equals(old);
  }

  /** Only map lists correlate items with the old list, by their key fields. */
  private static JsonNode oldItem(SchemaNode list, JsonNode item, JsonNode old) {
    if (!"map".equals(list.listType) || old == null || !old.isArray() || !item.isObject()) {
      return null;
    }
    for (JsonNode candidate : old) {
      boolean same = candidate.isObject();
      for (String k : list.listMapKeys) {
        same &= java.util.Objects.equals(item.get(k), candidate.get(k));
      }
      if (same) {
        return candidate;
      }
    }
    return null;
  }

  private void evaluate(CelRules.Node node, JsonNode obj, JsonNode old, String path, boolean unchanged) {
    if (node.rules().isEmpty()) {
      return;
    }
    String type = node.schema().typeName();
    if (remaining <= 0) {
      errors.add(invalid(path, type,
          "validation failed due to running out of cost budget, no further validation rules will be run"));
      remaining = -1;
      return;
    }
    Object self = CelValues.of(obj, node.type());
    // Most rules never read oldSelf; convert the old value only for those that do.
    boolean anyOldSelf = node.rules().stream().anyMatch(c -> c.program() != null && c.program().usesOldSelf());
    Object oldSelf = old == null || !anyOldSelf ? null : CelValues.of(old, node.type());
    for (CelRules.Compiled c : node.rules()) {
      CelEnvironment.Compiled p = c.program();
      if (p == null) {
        continue;
      }
      if (p.error() != null) {
        errors.add(invalid(path, type, "rule compile error: " + p.error()));
        continue;
      }
      boolean optional = Boolean.TRUE.equals(c.rule().optionalOldSelf());
      if (p.usesOldSelf() && old == null && !optional) {
        continue;
      }
      Map<String, Object> vars = new HashMap<>(4);
      vars.put("self", self);
      if (optional) {
        vars.put("oldSelf", Optional.ofNullable(oldSelf));
      } else if (oldSelf != null) {
        vars.put("oldSelf", oldSelf);
      }
      String ruleText = ruleErrorString(c.rule());
      CelEnvironment.Outcome out = CelEnvironment.eval(p.program(), vars, CelEnvironment.PER_CALL_LIMIT);
      if (out.costExceeded()) {
        errors.add(invalid(path, type, "'operation cancelled: actual cost limit exceeded': no further validation "
            + "rules will be run due to call cost exceeds limit for rule: " + ruleText));
        remaining = -1;
        return;
      }
      if (out.cost() > remaining) {
        errors.add(invalid(path, type,
            "validation failed due to running out of cost budget, no further validation rules will be run"));
        remaining = -1;
        return;
      }
      remaining -= out.cost();
      if (out.error() != null) {
        String err = RuntimeErrors.upstreamText(out.error());
        if (err.startsWith("no such overload")) {
          errors.add(invalid(path, type, "'" + err + "': call arguments did not match a supported operator, "
              + "function or macro signature for rule: " + ruleText));
        } else {
          errors.add(invalid(path, type, err + " evaluating rule: " + ruleText));
        }
        continue;
      }
      if (Boolean.TRUE.equals(out.value())) {
        continue;
      }
      String at = c.fieldPath().isEmpty() ? path : path.isEmpty() ? c.fieldPath() : path + "." + c.fieldPath();
      String detail = null;
      if (c.message() != null) {
        CelEnvironment.Outcome m = CelEnvironment.eval(c.message().program(), vars, CelEnvironment.PER_CALL_LIMIT);
        if (m.costExceeded()) {
          errors.add(invalid(at, type, "no further validation rules will be run due to call cost exceeds limit "
              + "for messageExpression: " + FieldError.goQuote(c.rule().messageExpression())));
          remaining = -1;
          return;
        }
        if (m.cost() > remaining) {
          errors.add(invalid(at, type, "messageExpression evaluation failed due to running out of cost budget, "
              + "no further validation rules will be run"));
          remaining = -1;
          return;
        }
        remaining -= m.cost();
        if (m.error() == null && m.value() instanceof String s) {
          String trimmed = s.strip();
          if (!trimmed.isEmpty() && trimmed.indexOf('\n') < 0
              && trimmed.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_MESSAGE_BYTES) {
            detail = trimmed;
          }
        }
      }
      if (detail == null) {
        detail = c.rule().message().isEmpty() ? "failed rule: " + ruleText : c.rule().message().strip();
      }
      FieldError failure = byReason(at, type, detail, c.rule().hasReason() ? c.rule().reason() : null);
      if (unchanged && !p.usesOldSelf()) {
        warnings.add(failure.message());
      } else {
        errors.add(failure);
      }
    }
  }

  private static String ruleErrorString(SchemaNode.Rule r) {
    return r.message().isEmpty() ? r.rule().strip() : r.message().strip();
  }

  /** Upstream's nil root path prints as {@code <nil>}. */
  private static String shown(String path) {
    return path.isEmpty() ? "<nil>" : path;
  }

  private static FieldError invalid(String path, String type, String detail) {
    return new FieldError(FieldError.Type.INVALID, shown(path), type, detail);
  }

  private static FieldError byReason(String path, String type, String detail, String reason) {
    if (reason == null) {
      return invalid(path, type, detail);
    }
    return switch (reason) {
      case "FieldValueForbidden" -> new FieldError(FieldError.Type.FORBIDDEN, shown(path), null, detail);
      case "FieldValueRequired" -> new FieldError(FieldError.Type.REQUIRED, shown(path), null, detail);
      case "FieldValueDuplicate" -> new FieldError(FieldError.Type.DUPLICATE, shown(path), type, "");
      default -> invalid(path, type, detail);
    };
  }
}
