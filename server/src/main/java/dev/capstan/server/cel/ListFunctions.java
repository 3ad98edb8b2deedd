package dev.capstan.server.cel;

import com.google.common.primitives.UnsignedLong;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cel.bundle.CelBuilder;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.TypeParamType;
import dev.cel.common.values.CelByteString;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Kubernetes' list and regex CEL libraries: {@code isSorted}, {@code sum}, {@code min}, {@code max},
 * {@code indexOf}, {@code lastIndexOf} on lists, and {@code find}/{@code findAll} on strings (RE2 syntax, as
 * upstream's Go regexp).
 */
final class ListFunctions {
  private ListFunctions() {
  }

  private static final Map<String, CelType> COMPARABLE = new LinkedHashMap<>();
  private static final Map<String, CelType> SUMMABLE = new LinkedHashMap<>();

  static {
    COMPARABLE.put("int", SimpleType.INT);
    COMPARABLE.put("uint", SimpleType.UINT);
    COMPARABLE.put("double", SimpleType.DOUBLE);
    COMPARABLE.put("bool", SimpleType.BOOL);
    COMPARABLE.put("duration", SimpleType.DURATION);
    COMPARABLE.put("timestamp", SimpleType.TIMESTAMP);
    COMPARABLE.put("string", SimpleType.STRING);
    COMPARABLE.put("bytes", SimpleType.BYTES);
    SUMMABLE.put("int", SimpleType.INT);
    SUMMABLE.put("uint", SimpleType.UINT);
    SUMMABLE.put("double", SimpleType.DOUBLE);
    SUMMABLE.put("duration", SimpleType.DURATION);
  }

  static void install(CelBuilder b) {
    List<CelOverloadDecl> sorted = new ArrayList<>();
    List<CelOverloadDecl> mins = new ArrayList<>();
    List<CelOverloadDecl> maxes = new ArrayList<>();
    List<CelOverloadDecl> sums = new ArrayList<>();
    for (Map.Entry<String, CelType> t : COMPARABLE.entrySet()) {
      ListType list = ListType.create(t.getValue());
      sorted.add(CelOverloadDecl.newMemberOverload("list_" + t.getKey() + "_is_sorted_bool", SimpleType.BOOL, list));
      mins.add(CelOverloadDecl.newMemberOverload("list_" + t.getKey() + "_min", t.getValue(), list));
      maxes.add(CelOverloadDecl.newMemberOverload("list_" + t.getKey() + "_max", t.getValue(), list));
      b.addFunctionBindings(
          CelFunctionBinding.from("list_" + t.getKey() + "_is_sorted_bool", List.class, ListFunctions::isSorted),
          CelFunctionBinding.from("list_" + t.getKey() + "_min", List.class, l -> pick(l, "min", -1)),
          CelFunctionBinding.from("list_" + t.getKey() + "_max", List.class, l -> pick(l, "max", 1)));
    }
    for (Map.Entry<String, CelType> t : SUMMABLE.entrySet()) {
      String id = "list_" + t.getKey() + "_sum_" + t.getKey();
      sums.add(CelOverloadDecl.newMemberOverload(id, t.getValue(), ListType.create(t.getValue())));
      String kind = t.getKey();
      b.addFunctionBindings(CelFunctionBinding.from(id, List.class, l -> sum(l, kind)));
    }
    TypeParamType a = TypeParamType.create("A");
    b.addFunctionDeclarations(
        CelFunctionDecl.newFunctionDeclaration("isSorted", sorted),
        CelFunctionDecl.newFunctionDeclaration("min", mins),
        CelFunctionDecl.newFunctionDeclaration("max", maxes),
        CelFunctionDecl.newFunctionDeclaration("sum", sums),
        CelFunctionDecl.newFunctionDeclaration("indexOf",
            CelOverloadDecl.newMemberOverload("list_a_index_of_int", SimpleType.INT, ListType.create(a), a)),
        CelFunctionDecl.newFunctionDeclaration("lastIndexOf",
            CelOverloadDecl.newMemberOverload("list_a_last_index_of_int", SimpleType.INT, ListType.create(a), a)),
        CelFunctionDecl.newFunctionDeclaration("find",
            CelOverloadDecl.newMemberOverload("string_find_string", SimpleType.STRING, SimpleType.STRING,
                SimpleType.STRING)),
        CelFunctionDecl.newFunctionDeclaration("findAll",
            CelOverloadDecl.newMemberOverload("string_find_all_string", ListType.create(SimpleType.STRING),
                SimpleType.STRING, SimpleType.STRING),
            CelOverloadDecl.newMemberOverload("string_find_all_string_int", ListType.create(SimpleType.STRING),
                SimpleType.STRING, SimpleType.STRING, SimpleType.INT)));
    b.addFunctionBindings(
        CelFunctionBinding.from("list_a_index_of_int", List.class, Object.class, (l, x) -> indexOf(l, x, false)),
        CelFunctionBinding.from("list_a_last_index_of_int", List.class, Object.class, (l, x) -> indexOf(l, x, true)),
        CelFunctionBinding.from("string_find_string", String.class, String.class, ListFunctions::find),
        CelFunctionBinding.from("string_find_all_string", String.class, String.class,
            (s, re) -> findAll(s, re, -1)),
        CelFunctionBinding.from("string_find_all_string_int", List.of(String.class, String.class, Long.class),
            args -> findAll((String) args[0], (String) args[1], (Long) args[2])));
  }

  private static boolean isSorted(List<?> list) {
    for (int i = 1; i < list.size(); i++) {
      if (compare(list.get(i - 1), list.get(i)) > 0) {
        return false;
      }
    }
    return true;
  }

  private static Object pick(List<?> list, String op, int prefer) throws CelEvaluationException {
    if (list.isEmpty()) {
      throw new CelEvaluationException(op + " called on empty list");
    }
    Object best = list.get(0);
    for (Object o : list) {
      if (Integer.signum(compare(o, best)) == prefer) {
        best = o;
      }
    }
    return best;
  }

  private static Object sum(List<?> list, String kind) throws CelEvaluationException {
    switch (kind) {
      case "int" -> {
        long acc = 0;
        for (Object o : list) {
          try {
            acc = Math.addExact(acc, (Long) o);
          } catch (ArithmeticException e) {
            throw new CelEvaluationException("integer overflow");
          }
        }
        return acc;
      }
      case "uint" -> {
        UnsignedLong acc = UnsignedLong.ZERO;
        for (Object o : list) {
          acc = acc.plus((UnsignedLong) o);
        }
        return acc;
      }
      case "double" -> {
        double acc = 0;
        for (Object o : list) {
          acc += ((Number) o).doubleValue();
        }
        return acc;
      }
      default -> {
        java.time.Duration acc = java.time.Duration.ZERO;
        for (Object o : list) {
          acc = acc.plus((java.time.Duration) o);
        }
        return acc;
      }
    }
  }

  private static long indexOf(List<?> list, Object item, boolean last) {
    for (int n = 0; n < list.size(); n++) {
      int i = last ? list.size() - 1 - n : n;
      if (celEquals(list.get(i), item)) {
        return i;
      }
    }
    return -1L;
  }

  private static boolean celEquals(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y && !(a instanceof UnsignedLong)) {
      return x.doubleValue() == y.doubleValue();
    }
    return Objects.equals(a, b);
  }

  /**
   * Orders the values CEL can compare; both sides are of one type, as the checker ensures (timestamps and
   * durations are java.time values, which compare naturally).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compare(Object a, Object b) {
    if (a instanceof CelByteString x && b instanceof CelByteString y) {
      byte[] p = x.toByteArray();
      byte[] q = y.toByteArray();
      return java.util.Arrays.compareUnsigned(p, q);
    }
    if (a instanceof Number x && b instanceof Number y && a.getClass() != b.getClass()) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    return ((Comparable) a).compareTo(b);
  }

  private static Pattern compile(String re) throws CelEvaluationException {
    try {
      return Pattern.compile(re);
    } catch (PatternSyntaxException e) {
      throw new CelEvaluationException("error parsing regexp: " + e.getMessage());
    }
  }

  private static String find(String s, String re) throws CelEvaluationException {
    Matcher m = compile(re).matcher(s);
    return m.find() ? m.group() : "";
  }

  private static List<String> findAll(String s, String re, long limit) throws CelEvaluationException {
    Matcher m = compile(re).matcher(s);
    List<String> out = new ArrayList<>();
    while ((limit < 0 || out.size() < limit) && m.find()) {
      out.add(m.group());
    }
    return out;
  }
}
