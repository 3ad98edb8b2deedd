package dev.capstan.server.cel;

import dev.capstan.api.FieldError;
import dev.capstan.server.registry.shared.Rules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The {@code x-kubernetes-validations} rules of one CRD version's openAPIV3Schema, compiled once at every level
 * (properties, items, additionalProperties) and ready to evaluate against custom resources, as kube-apiserver's
 * CEL validator does. Compile-time problems are reported as CRD validation reports them ({@link #problems});
 * {@link #validate} gives the errors a create or update of a custom resource fails with.
 *
 * <p>Immutable and thread-safe; compiled expressions are shared through a cache keyed by expression text and the
 * structural type {@code self} binds to.
 */
public final class CelRules {
  /** Upstream's per-expression limit on the estimated cost ({@code StaticEstimatedCostLimit}). */
  static final long STATIC_COST_LIMIT = 10_000_000;
  /** Upstream's limit on the estimated cost of all rules of one schema ({@code StaticEstimatedCRDCostLimit}). */
  static final long STATIC_CRD_COST_LIMIT = 100_000_000;
  private static final Set<String> REASONS =
      Set.of("FieldValueRequired", "FieldValueForbidden", "FieldValueInvalid", "FieldValueDuplicate");

  /** One rule ready to run: its source, the compiled rule and messageExpression, its normalized fieldPath. */
  record Compiled(SchemaNode.Rule rule, CelEnvironment.Compiled program, CelEnvironment.Compiled message,
      String fieldPath) {
  }

  /** The validator of one schema node, present only where the node or something below it has rules. */
  record Node(SchemaNode schema, DeclType type, List<Compiled> rules, Map<String, Node> properties, Node items,
      Node additionalProperties) {
  }

  /** A compile-time problem, its path relative to the schema root; the detail may name a schema path too. */
  private record Problem(String suffix, FieldError.Type type, Object value, Function<String, String> detail) {
  }

  private record Cost(String suffix, long cost) {
  }

  /**
   * What compiling finds, kept as upstream keeps it: problems with the rules' own fields (reported first) apart
   * from CEL problems, and every expression's estimated cost for the schema-wide total.
   */
  private static final class Collector {
    final List<Problem> shape = new ArrayList<>();
    final List<Problem> cel = new ArrayList<>();
    final List<Cost> costs = new ArrayList<>();
  }

  private final Node root;
  private final List<Problem> problems;

  private CelRules(Node root, List<Problem> problems) {
    this.root = root;
    this.problems = problems;
  }

  /**
   * Compiles every rule in {@code openApiV3Schema} (null or a schema without rules gives an empty rule set).
   * Compiled programs are cached by rule text and the type {@code self} binds to, so a CRD update or a second
   * version does not recompile what it already has.
   */
  public static CelRules compile(JsonNode openApiV3Schema) {
    SchemaNode schema = SchemaNode.of(openApiV3Schema);
    if (!schema.hasRules) {
      return new CelRules(null, List.of());
    }
    Collector found = new Collector();
    Node root = node(schema, type(schema, true), "", 1L, null, found);
    List<Problem> problems = new ArrayList<>(found.shape);
    problems.addAll(found.cel);
    List<Cost> costs = found.costs;
    long total = 0;
    for (Cost c : costs) {
      total = CostEstimator.add(total, c.cost());
    }
    if (total > STATIC_CRD_COST_LIMIT) {
      costs.stream().sorted(Comparator.comparingLong(Cost::cost).reversed()).limit(4).forEach(c -> problems.add(
          new Problem(c.suffix(), FieldError.Type.FORBIDDEN, null,
              b -> "contributed to estimated rule & messageExpression cost total exceeding cost limit for entire "
                  + "OpenAPIv3 schema")));
      String detail = costMessage(
          "x-kubernetes-validations estimated rule & messageExpression cost total for entire OpenAPIv3 schema",
          total, STATIC_CRD_COST_LIMIT);
      problems.add(new Problem("", FieldError.Type.FORBIDDEN, null, b -> detail));
    }
    return new CelRules(root, List.copyOf(problems));
  }

  /**
   * The problems CRD validation reports for these rules, paths under {@code basePath} (for example
   * {@code spec.versions[0].schema.openAPIV3Schema}); empty when every rule compiles within budget.
   */
  public List<FieldError> problems(String basePath) {
    List<FieldError> out = new ArrayList<>(problems.size());
    for (Problem p : problems) {
      out.add(new FieldError(p.type(), basePath + p.suffix(), p.value(), p.detail().apply(basePath)));
    }
    return out;
  }

  /** True when the schema has at least one rule (otherwise {@link #validate} never reports anything). */
  public boolean isEmpty() {
    return root == null;
  }

  /**
   * Evaluates the rules on a custom resource ({@code oldObject} null on create) and returns upstream's errors:
   * the path of the rule's node (or its fieldPath below it; {@code <nil>} for the root, as upstream prints it),
   * the type from the rule's reason, the schema type name as value and the message, messageExpression result or
   * {@code failed rule: <rule>} as detail. Transition rules (those using oldSelf) run only where an old value
   * exists, unless optionalOldSelf. Evaluation is bounded: see {@link RuleEvaluator}.
   */
  public List<FieldError> validate(JsonNode object, JsonNode oldObject) {
    return evaluate(object, oldObject).errors();
  }

  /** What an evaluation found: the errors that fail the write and the warnings upstream returns beside it. */
  public record Result(List<FieldError> errors, List<String> warnings) {
  }

  /**
   * {@link #validate}, with the warnings too: on update, a failing rule that does not read oldSelf, on a value the
   * update leaves unchanged, is ratcheted as upstream's CRDValidationRatcheting does (on by default in 1.33): it
   * becomes a warning ({@code Warning: 299} text, the error's message) instead of an error, so objects stored
   * before a rule was added can still be updated elsewhere.
   */
  public Result evaluate(JsonNode object, JsonNode oldObject) {
    if (root == null || object == null) {
      return new Result(List.of(), List.of());
    }
    return new RuleEvaluator().run(root, object, oldObject);
  }

  private static DeclType type(SchemaNode s, boolean resourceRoot) {
    DeclType draft = DeclType.of(s, resourceRoot, "selfType");
    if (draft == null) {
      return null;
    }
    // A stable name per shape, so equal shapes share cached environments and programs.
    return DeclType.of(s, resourceRoot, "selfType" + Integer.toUnsignedString(draft.signature.hashCode(), 36));
  }

  /**
   * The validator for {@code s} and below, or null when nothing there has rules. Children come first, as in
   * upstream's CRD validation, so that a rule-field problem below a node keeps the node's rules from compiling.
   */
  private static Node node(SchemaNode s, DeclType type, String suffix, Long cardinality, String uncorrelatable,
      Collector found) {
    if (!s.hasRules) {
      return null;
    }
    int shapeProblems = found.shape.size();
    Map<String, Node> props = new LinkedHashMap<>();
    String childUncorrelatable = uncorrelatable != null || s.mapCorrelatable() ? uncorrelatable : suffix;
    for (Map.Entry<String, SchemaNode> e : s.properties.entrySet()) {
      SchemaNode child = e.getValue();
      if (!child.hasRules) {
        continue;
      }
      Optional<String> escaped = DeclType.escape(e.getKey());
      DeclType childType;
      if (escaped.isPresent()) {
        DeclType.Field f = type == null ? null : type.fields.get(escaped.get());
        childType = f == null ? null : f.type();
      } else {
        childType = type(child, child.embeddedResource);
      }
      Node n = node(child, childType, suffix + ".properties[" + e.getKey() + "]", cardinality, childUncorrelatable,
          found);
      if (n != null) {
        props.put(e.getKey(), n);
      }
    }
    Node items = null;
    if (s.items != null && s.items.hasRules) {
      String itemsUncorrelatable = uncorrelatable != null || "map".equals(s.listType) ? uncorrelatable : suffix;
      Long card = cardinality == null || s.maxItems == null ? null : CostEstimator.mul(cardinality, s.maxItems);
      items = node(s.items, type == null ? null : type.elem, suffix + ".items", card, itemsUncorrelatable, found);
    }
    Node additional = null;
    if (s.additionalProperties != null && s.additionalProperties.hasRules) {
      Long card = cardinality == null || s.maxProperties == null ? null
          : CostEstimator.mul(cardinality, s.maxProperties);
      additional = node(s.additionalProperties, type == null ? null : type.elem, suffix + ".additionalProperties",
          card, childUncorrelatable, found);
    }
    List<Compiled> compiled = List.of();
    if (!s.rules.isEmpty()) {
      String at = suffix + ".x-kubernetes-validations";
      for (int i = 0; i < s.rules.size(); i++) {
        ruleShape(s, s.rules.get(i), at + "[" + i + "]", found.shape);
      }
      if (found.shape.size() == shapeProblems) {
        compiled = rules(s, type, suffix, cardinality, uncorrelatable, found);
      }
    }
    return type == null ? null : new Node(s, type, compiled, props, items, additional);
  }

  private static List<Compiled> rules(SchemaNode s, DeclType type, String suffix, Long cardinality,
      String uncorrelatable, Collector found) {
    String at = suffix + ".x-kubernetes-validations";
    List<Problem> problems = found.cel;
    if (type == null) {
      problems.add(new Problem(at, FieldError.Type.INTERNAL, null,
          b -> "internal error: failed to retrieve type information for x-kubernetes-validations"));
      return List.of();
    }
    long times = cardinality != null ? cardinality : (DeclType.MAX_REQUEST_SIZE / (type.minSerializedSize + 1));
    List<Compiled> out = new ArrayList<>();
    for (int i = 0; i < s.rules.size(); i++) {
      SchemaNode.Rule r = s.rules.get(i);
      String path = at + "[" + i + "]";
      boolean optional = Boolean.TRUE.equals(r.optionalOldSelf());
      CelEnvironment.Compiled program = CelEnvironment.compile(type, optional, r.rule(), false);
      long cost = CostEstimator.mul(program.maxCost(), times);
      if (cost > STATIC_COST_LIMIT) {
        String detail = costMessage("estimated rule cost", cost, STATIC_COST_LIMIT);
        problems.add(new Problem(path + ".rule", FieldError.Type.FORBIDDEN, null, b -> detail));
      }
      found.costs.add(new Cost(path + ".rule", cost));
      if (program.error() != null) {
        problems.add(new Problem(path + ".rule", FieldError.Type.INVALID, goRule(r), b -> program.error()));
      }
      CelEnvironment.Compiled message = null;
      if (!r.messageExpression().isBlank() && program.error() == null) {
        message = CelEnvironment.compile(type, optional, r.messageExpression(), true);
        if (message.error() != null) {
          String detail = message.error();
          problems.add(new Problem(path + ".messageExpression", FieldError.Type.INVALID, goRule(r), b -> detail));
          message = null;
        } else {
          long messageCost = CostEstimator.mul(message.maxCost(), times);
          if (messageCost > STATIC_COST_LIMIT) {
            String detail = costMessage("estimated messageExpression cost", messageCost, STATIC_COST_LIMIT);
            problems.add(new Problem(path + ".messageExpression", FieldError.Type.FORBIDDEN, null, b -> detail));
          }
          found.costs.add(new Cost(path + ".messageExpression", messageCost));
        }
      }
      if (program.usesOldSelf()) {
        if (uncorrelatable != null) {
          problems.add(new Problem(path + ".rule", FieldError.Type.INVALID, r.rule(),
              b -> "oldSelf cannot be used on the uncorrelatable portion of the schema within " + b + uncorrelatable));
        }
      } else if (program.error() == null && r.optionalOldSelf() != null) {
        problems.add(new Problem(path + ".optionalOldSelf", FieldError.Type.INVALID, r.optionalOldSelf(),
            b -> "may not be set if oldSelf is not used in rule"));
      }
      String fieldPath = r.fieldPath().isEmpty() ? "" : RuleFieldPath.normalize(r.fieldPath(), s);
      out.add(new Compiled(r, program, message, fieldPath == null ? "" : fieldPath));
    }
    return out;
  }

  /** The checks upstream makes on a rule's own fields before compiling it. */
  private static void ruleShape(SchemaNode s, SchemaNode.Rule r, String path, List<Problem> problems) {
    String rule = r.rule().strip();
    String message = r.message().strip();
    if (rule.isEmpty()) {
      problems.add(new Problem(path + ".rule", FieldError.Type.REQUIRED, null, b -> "rule is not specified"));
    } else if (!r.message().isEmpty() && message.isEmpty()) {
      problems.add(new Problem(path + ".message", FieldError.Type.INVALID, r.message(),
          b -> "message must be non-empty if specified"));
    } else if (hasNewlines(message)) {
      problems.add(new Problem(path + ".message", FieldError.Type.INVALID, r.message(),
          b -> "message must not contain line breaks"));
    } else if (hasNewlines(rule) && message.isEmpty()) {
      problems.add(new Problem(path + ".message", FieldError.Type.REQUIRED, null,
          b -> "message must be specified if rule contains line breaks"));
    }
    if (!r.messageExpression().isEmpty() && r.messageExpression().isBlank()) {
      problems.add(new Problem(path + ".messageExpression", FieldError.Type.REQUIRED, null,
          b -> "messageExpression must be non-empty if specified"));
    }
    if (r.hasReason() && !REASONS.contains(r.reason())) {
      problems.add(new Problem(path + ".reason", FieldError.Type.NOT_SUPPORTED, r.reason(),
          b -> "supported values: \"FieldValueDuplicate\", \"FieldValueForbidden\", \"FieldValueInvalid\", "
              + "\"FieldValueRequired\""));
    }
    if (!r.fieldPath().isEmpty() && r.fieldPath().isBlank()) {
      problems.add(new Problem(path + ".fieldPath", FieldError.Type.INVALID, r.fieldPath(),
          b -> "fieldPath must be non-empty if specified"));
    }
    if (hasNewlines(r.fieldPath())) {
      problems.add(new Problem(path + ".fieldPath", FieldError.Type.INVALID, r.fieldPath(),
          b -> "fieldPath must not contain line breaks"));
    }
    if (!r.fieldPath().isEmpty() && RuleFieldPath.normalize(r.fieldPath(), s) == null) {
      problems.add(new Problem(path + ".fieldPath", FieldError.Type.INVALID, r.fieldPath(),
          b -> "fieldPath must be a valid path"));
    }
  }

  private static boolean hasNewlines(String s) {
    return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
  }

  /** The rule as Go's %#v prints upstream's internal ValidationRule, which is how compile errors show it. */
  private static Rules.GoLiteral goRule(SchemaNode.Rule r) {
    return new Rules.GoLiteral("apiextensions.ValidationRule{Rule:" + FieldError.goQuote(r.rule())
        + ", Message:" + FieldError.goQuote(r.message())
        + ", MessageExpression:" + FieldError.goQuote(r.messageExpression())
        + ", Reason:(*apiextensions.FieldValueErrorReason)(" + (r.hasReason() ? "0xc000000000" : "nil") + ")"
        + ", FieldPath:" + FieldError.goQuote(r.fieldPath())
        + ", OptionalOldSelf:(*bool)(" + (r.optionalOldSelf() != null ? "0xc000000000" : "nil") + ")}");
  }

  /** Upstream's wording of a cost over its limit, with the factor printed as Go's %f / %.1f print it. */
  static String costMessage(String what, long cost, long limit) {
    double factor = (double) cost / limit;
    String shown = factor > 100.0 ? "more than 100x"
        : factor < 1.5 ? String.format(java.util.Locale.ROOT, "%fx", factor)
        : String.format(java.util.Locale.ROOT, "%.1fx", factor);
    return what + " exceeds budget by factor of " + shown + " (try simplifying the rule, or adding maxItems, "
        + "maxProperties, and maxLength where arrays, maps, and strings are declared)";
  }
}
