package dev.capstan.server.cel;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelBuilder;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelReference;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.OptionalType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One CEL environment per {@code self} type, as upstream's base environment for CRD rules: standard macros,
 * cross-type numeric comparisons, the strings, optional, sets and two-variable comprehension extensions, and
 * Kubernetes' own libraries (lists, regex, URLs, quantities, named formats, IPs and CIDRs);
 * {@code self} and {@code oldSelf} of the node's type ({@code oldSelf} optional for optionalOldSelf rules).
 * Environments and compiled expressions are cached (Caffeine) by the type's structural signature and the
 * expression text, so recompiling a CRD, or a second version with the same shapes, reuses what exists.
 * Thread-safe: programs are immutable and shared.
 */
final class CelEnvironment {
  private CelEnvironment() {
  }

  /** Upstream's per-expression runtime cost limit ({@code PerCallLimit}). */
  static final long PER_CALL_LIMIT = 1_000_000;

  private static final CelOptions OPTIONS = CelOptions.current()
      .enableHeterogeneousNumericComparisons(true)
      .enableOptionalSyntax(true)
      .comprehensionMaxIterations((int) PER_CALL_LIMIT)
      .build();

  /** The outcome of compiling one rule or messageExpression; exactly one of program and error is set. */
  record Compiled(CelRuntime.Program program, CelAbstractSyntaxTree ast, String error, boolean usesOldSelf,
      long maxCost) {
  }

  private static final Cache<String, Cel> ENVIRONMENTS = Caffeine.newBuilder().maximumSize(512).build();
  private static final Cache<String, Compiled> EXPRESSIONS = Caffeine.newBuilder().maximumSize(20_000).build();

  /**
   * Compiles a rule ({@code message} false: must yield bool) or a messageExpression (must yield string) against
   * {@code self}'s type. Errors carry upstream's text ("compilation failed: ...", "cel expression must evaluate to
   * a bool", "messageExpression compilation failed: ...", "messageExpression must evaluate to a string").
   */
  static Compiled compile(DeclType self, boolean optionalOldSelf, String expression, boolean message) {
    String key = self.signature + '\u0000' + optionalOldSelf + '\u0000' + message + '\u0000' + expression;
    return EXPRESSIONS.get(key, k -> doCompile(self, optionalOldSelf, expression, message));
  }

  private static Compiled doCompile(DeclType self, boolean optionalOldSelf, String expression, boolean message) {
    Cel cel = ENVIRONMENTS.get(self.signature + '\u0000' + optionalOldSelf, k -> build(self, optionalOldSelf));
    String prefix = message ? "messageExpression compilation failed: " : "compilation failed: ";
    CelValidationResult parsed = cel.parse(expression);
    if (parsed.hasError()) {
      return failed(prefix + syntaxError(parsed.getErrorString()));
    }
    CelValidationResult checked;
    try {
      checked = cel.check(parsed.getAst());
    } catch (CelValidationException e) {
      return failed(prefix + e.getMessage());
    }
    if (checked.hasError()) {
      return failed(prefix + checked.getErrorString());
    }
    CelAbstractSyntaxTree ast;
    try {
      ast = checked.getAst();
    } catch (CelValidationException e) {
      return failed(prefix + e.getMessage());
    }
    CelType result = ast.getResultType();
    if (message) {
      if (!result.equals(SimpleType.STRING)) {
        return failed("messageExpression must evaluate to a string");
      }
    } else if (!result.equals(SimpleType.BOOL)) {
      return failed("cel expression must evaluate to a bool");
    }
    boolean usesOldSelf = false;
    for (CelReference ref : ast.getReferenceMap().values()) {
      usesOldSelf |= ref.name().equals("oldSelf");
    }
    try {
      return new Compiled(cel.createProgram(ast), ast, null, usesOldSelf, CostEstimator.estimate(ast, self));
    } catch (CelEvaluationException e) {
      return failed((message ? "messageExpression instantiation failed: " : "program instantiation failed: ")
          + e.getMessage());
    }
  }

  private static Compiled failed(String error) {
    return new Compiled(null, null, error, false, 0);
  }

  /**
   * cel-go labels parser errors "Syntax error: ..."; cel-java does not. And where input follows a complete
   * expression, cel-go expects just {@code <EOF>} while cel-java lists every token that could continue it. The
   * positions and the source excerpt already read as upstream's.
   */
  private static String syntaxError(String errors) {
    return errors.replaceAll("(ERROR: <input>:\\d+:\\d+: )", "$1Syntax error: ")
        .replaceAll("expecting \\{<EOF>, [^\\n]*\\}", "expecting <EOF>");
  }

  private static Cel build(DeclType self, boolean optionalOldSelf) {
    Map<String, CelType> structs = new HashMap<>();
    for (StructType s : self.structs) {
      structs.put(s.name(), s);
    }
    CelTypeProvider types = new CelTypeProvider() {
      @Override
      public ImmutableCollection<CelType> types() {
        return ImmutableList.copyOf(structs.values());
      }

      @Override
      public Optional<CelType> findType(String name) {
        return Optional.ofNullable(structs.get(name));
      }
    };
    CelBuilder b = CelFactory.standardCelBuilder()
        .setOptions(OPTIONS)
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .setTypeProvider(types)
        .addCompilerLibraries(CelExtensions.strings(), CelExtensions.optional(), CelExtensions.sets(OPTIONS),
            CelExtensions.comprehensions())
        .addRuntimeLibraries(CelExtensions.strings(), CelExtensions.optional(), CelExtensions.sets(OPTIONS),
            CelExtensions.comprehensions())
        .addVar("self", self.celType)
        .addVar("oldSelf", optionalOldSelf ? OptionalType.create(self.celType) : self.celType);
    ListFunctions.install(b);
    KubeFunctions.install(b);
    NetFunctions.install(b);
    return b.build();
  }

  /** Thrown by the cost listener when one evaluation passes its limit; never escapes this package. */
  static final class CostLimitExceeded extends RuntimeException {
    CostLimitExceeded() {
      super("operation cancelled: actual cost limit exceeded", null, false, false);
    }
  }

  /** The runtime result of one evaluation and the cost it used (evaluated nodes). */
  record Outcome(Object value, CelEvaluationException error, boolean costExceeded, long cost) {
  }

  /**
   * Evaluates with a cost counter: one unit per evaluated expression node, stopped when it passes
   * {@code limit} (upstream stops at its own cost model's PerCallLimit; see {@link CostEstimator}).
   */
  static Outcome eval(CelRuntime.Program program, Map<String, ?> vars, long limit) {
    long[] cost = {0};
    try {
      Object v = program.trace(vars, (expr, value) -> {
        if (++cost[0] > limit) {
          throw new CostLimitExceeded();
        }
      });
      return new Outcome(v, null, false, cost[0]);
    } catch (CostLimitExceeded e) {
      return new Outcome(null, null, true, cost[0]);
    } catch (CelEvaluationException e) {
      if (e.getCause() instanceof CostLimitExceeded || String.valueOf(e.getMessage()).contains("Iteration budget")) {
        return new Outcome(null, null, true, cost[0]);
      }
      return new Outcome(null, e, false, cost[0]);
    }
  }

}
