package dev.capstan.server.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A worst-case cost estimate for one compiled expression, in the spirit of cel-go's estimator (cel-java has
 * none): every evaluated node costs 1, a comprehension costs its body times the most elements its range can hold,
 * and string scans cost a tenth of the scanned length. Sizes come from the schema through {@link DeclType}
 * ({@code maxItems}, {@code maxProperties}, {@code maxLength}; unbounded ones from the 3 MiB request limit),
 * following {@code self}, {@code oldSelf}, iteration variables, field selection and indexing. It is close to
 * upstream's for the rules that matter (unbounded nested loops land far above the budget, bounded small ones far
 * below), not equal to it: a rule near the limit may be judged differently.
 */
final class CostEstimator {
  private CostEstimator() {
  }

  private static final long UNKNOWN_SIZE = DeclType.MAX_REQUEST_SIZE;
  private static final Set<String> SCANS = Set.of("matches", "find", "findAll", "replace", "split", "indexOf",
      "lastIndexOf", "lowerAscii", "upperAscii", "trim", "_+_", "_==_", "_!=_", "@in", "join", "isSorted", "sum",
      "min", "max", "url", "isURL", "quantity", "isQuantity", "validate");
  /** Functions whose cost is the length of their argument only (a prefix or suffix), as in cel-go. */
  private static final Set<String> ARGUMENT_SCANS = Set.of("startsWith", "endsWith");

  static long estimate(CelAbstractSyntaxTree ast, DeclType self) {
    Map<String, DeclType> scope = new HashMap<>();
    scope.put("self", self);
    scope.put("oldSelf", self);
    return cost(ast.getExpr(), scope);
  }

  private static long cost(CelExpr e, Map<String, DeclType> scope) {
    switch (e.getKind()) {
      case CONSTANT, NOT_SET -> {
        return 0;
      }
      case IDENT -> {
        return 1;
      }
      case SELECT -> {
        return add(1, cost(e.select().operand(), scope));
      }
      case CALL -> {
        long c = 1;
        long target = 0;
        long scanned = 0;
        if (e.call().target().isPresent()) {
          c = add(c, cost(e.call().target().get(), scope));
          target = size(e.call().target().get(), scope);
        }
        long argument = 0;
        for (CelExpr arg : e.call().args()) {
          c = add(c, cost(arg, scope));
          argument = Math.max(argument, size(arg, scope));
        }
        String fn = e.call().function();
        if (fn.equals("contains")) {
          scanned = mul(target, argument);
        } else if (ARGUMENT_SCANS.contains(fn)) {
          scanned = argument;
        } else if (SCANS.contains(fn)) {
          scanned = Math.max(target, argument);
        }
        return add(c, (long) Math.ceil(scanned * 0.1));
      }
      case LIST -> {
        long c = 10;
        for (CelExpr item : e.list().elements()) {
          c = add(c, cost(item, scope));
        }
        return c;
      }
      case MAP -> {
        long c = 30;
        for (CelExpr.CelMap.Entry entry : e.map().entries()) {
          c = add(c, add(cost(entry.key(), scope), cost(entry.value(), scope)));
        }
        return c;
      }
      case STRUCT -> {
        long c = 40;
        for (CelExpr.CelStruct.Entry entry : e.struct().entries()) {
          c = add(c, cost(entry.value(), scope));
        }
        return c;
      }
      case COMPREHENSION -> {
        CelExpr.CelComprehension comp = e.comprehension();
        DeclType range = type(comp.iterRange(), scope);
        long n = range != null ? range.maxElements : size(comp.iterRange(), scope);
        Map<String, DeclType> inner = new HashMap<>(scope);
        if (range != null && range.kind == DeclType.Kind.LIST) {
          inner.put(comp.iterVar(), range.elem);
        } else {
          inner.remove(comp.iterVar());
        }
        inner.remove(comp.accuVar());
        long perItem = add(cost(comp.loopCondition(), inner), cost(comp.loopStep(), inner));
        long c = add(cost(comp.iterRange(), scope), cost(comp.accuInit(), scope));
        return add(add(c, mul(n, perItem)), cost(comp.result(), inner));
      }
      default -> {
        return 1;
      }
    }
  }

  /** The schema type an expression reads, when it is a path from self, oldSelf or an iteration variable. */
  private static DeclType type(CelExpr e, Map<String, DeclType> scope) {
    switch (e.getKind()) {
      case IDENT -> {
        return scope.get(e.ident().name());
      }
      case SELECT -> {
        DeclType t = type(e.select().operand(), scope);
        if (t == null || e.select().testOnly()) {
          return null;
        }
        if (t.kind == DeclType.Kind.OBJECT) {
          DeclType.Field f = t.fields.get(e.select().field());
          return f == null ? null : f.type();
        }
        return t.kind == DeclType.Kind.MAP ? t.elem : null;
      }
      case CALL -> {
        if (e.call().function().equals("_[_]") && e.call().args().size() == 2) {
          DeclType t = type(e.call().args().get(0), scope);
          return t != null && (t.kind == DeclType.Kind.LIST || t.kind == DeclType.Kind.MAP) ? t.elem : null;
        }
        return null;
      }
      default -> {
        return null;
      }
    }
  }

  private static long size(CelExpr e, Map<String, DeclType> scope) {
    if (e.getKind() == CelExpr.ExprKind.Kind.CONSTANT) {
      CelConstant c = e.constant();
      return c.getKind() == CelConstant.Kind.STRING_VALUE ? c.stringValue().length() : 1;
    }
    if (e.getKind() == CelExpr.ExprKind.Kind.LIST) {
      return e.list().elements().size();
    }
    DeclType t = type(e, scope);
    if (t == null) {
      return UNKNOWN_SIZE;
    }
    return switch (t.kind) {
      case INT, DOUBLE, BOOL -> 1;
      default -> t.maxElements;
    };
  }

  static long add(long a, long b) {
    long r = a + b;
    return r < 0 ? Long.MAX_VALUE : r;
  }

  static long mul(long a, long b) {
    if (a == 0 || b == 0) {
      return 0;
    }
    return Long.MAX_VALUE / a < b ? Long.MAX_VALUE : a * b;
  }
}
