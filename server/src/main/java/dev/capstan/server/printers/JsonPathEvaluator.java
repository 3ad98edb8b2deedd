package dev.capstan.server.printers;

import dev.capstan.server.patch.GoValues;
import dev.capstan.server.printers.PathNode.Sequence;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.DoubleNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.StringNode;

/**
 * One evaluation of a parsed template over a decoded object (client-go's JSONPath.FindResults). Values are what
 * the server's Go code holds after decoding JSON into unstructured content: Jackson nodes stand for maps, slices,
 * strings, int64, float64, bool and nil; {@link GoInt} and {@link GoByte} stand for the two Go types a template
 * can produce that JSON never does (an integer literal is an {@code int}, a wildcard over a string yields its
 * bytes). Holds the range/end bookkeeping of one run, so it is used once and dropped.
 */
final class JsonPathEvaluator {
  /** An integer literal of the template: Go {@code int}, not the {@code int64} of decoded JSON. */
  record GoInt(long value) {}

  /** One byte of a string, as a wildcard or recursive descent over a string yields it (Go {@code uint8}). */
  record GoByte(int value) {}

  /** An evaluation error with upstream's message and the values the failing step returned alongside it. */
  static final class PathError extends RuntimeException {
    final transient List<Object> partial;

    PathError(String message, List<Object> partial) {
      super(message, null, false, false);
      this.partial = partial;
    }
  }

  private final List<PathNode> nodes;
  private final boolean allowMissingKeys;
  private int beginRange;
  private int inRange;
  private int endRange;
  private int lastEnd = -1;

  JsonPathEvaluator(Sequence root, boolean allowMissingKeys) {
    this.nodes = root.nodes();
    this.allowMissingKeys = allowMissingKeys;
  }

  /** The results of each top-level node from {@code from} on; a range repeats the nodes up to its end. */
  List<List<Object>> findResults(Object data, int from) {
    List<Object> cur = List.of(data);
    List<List<Object>> full = new ArrayList<>();
    for (int i = from; i < nodes.size(); i++) {
      List<Object> results = walk(cur, nodes.get(i));
      if (endRange > 0 && endRange <= inRange) {
        endRange--;
        lastEnd = i;
        break;
      }
      if (beginRange > 0) {
        beginRange--;
        inRange++;
        if (!results.isEmpty()) {
          for (Object value : results) {
            full.addAll(findResults(value, i + 1));
          }
        } else {
          // an empty range still walks its body once so that its end is found
          findResults(NullNode.getInstance(), i + 1);
        }
        inRange--;
        for (int k = i + 1; k < nodes.size(); k++) {
          if (k == lastEnd) {
            i = k;
            break;
          }
        }
        continue;
      }
      full.add(results);
    }
    return full;
  }

  private List<Object> walk(List<Object> input, PathNode node) {
    if (node instanceof Sequence s) {
      return evalList(input, s);
    } else if (node instanceof PathNode.Text t) {
      return List.of(StringNode.valueOf(t.text()));
    } else if (node instanceof PathNode.Field f) {
      return evalField(input, f.name());
    } else if (node instanceof PathNode.Slice s) {
      return evalSlice(input, s);
    } else if (node instanceof PathNode.Filter f) {
      return evalFilter(input, f);
    } else if (node instanceof PathNode.IntLiteral l) {
      return repeat(input, new GoInt(l.value()));
    } else if (node instanceof PathNode.FloatLiteral l) {
      return repeat(input, DoubleNode.valueOf(l.value()));
    } else if (node instanceof PathNode.BoolLiteral l) {
      return repeat(input, BooleanNode.valueOf(l.value()));
    } else if (node instanceof PathNode.Wildcard) {
      return evalWildcard(input);
    } else if (node instanceof PathNode.Recursive) {
      return evalRecursive(input);
    } else if (node instanceof PathNode.Union u) {
      return evalUnion(input, u);
    }
    return evalIdentifier(input, ((PathNode.Identifier) node).name());
  }

  private static List<Object> repeat(List<Object> input, Object literal) {
    List<Object> out = new ArrayList<>(input.size());
    for (int i = 0; i < input.size(); i++) {
      out.add(literal);
    }
    return out;
  }

  private List<Object> evalList(List<Object> input, Sequence list) {
    List<Object> cur = input;
    for (PathNode node : list.nodes()) {
      cur = walk(cur, node);
    }
    return cur;
  }

  private List<Object> evalIdentifier(List<Object> input, String name) {
    switch (name) {
      case "range" -> {
        beginRange++;
        return input;
      }
      case "end" -> {
        if (inRange > 0) {
          endRange++;
          return List.of();
        }
        throw new PathError("not in range, nothing to end", List.of());
      }
      default -> throw new PathError("unrecognized identifier " + name, input);
    }
  }

  private List<Object> evalField(List<Object> input, String name) {
    List<Object> results = new ArrayList<>();
    for (Object value : input) {
      if (value instanceof JsonNode n && n.isObject()) {
        JsonNode child = n.get(name);
        if (child != null) {
          results.add(child);
        }
      }
    }
    if (results.isEmpty() && !input.isEmpty() && !allowMissingKeys) {
      throw new PathError(name + " is not found", results);
    }
    return results;
  }

  private List<Object> evalSlice(List<Object> input, PathNode.Slice slice) {
    List<Object> result = new ArrayList<>();
    for (Object value : input) {
      if (isNil(value)) {
        continue;
      }
      if (!(value instanceof JsonNode array && array.isArray())) {
        throw new PathError(typeName(value) + " is not array or slice", input);
      }
      long length = array.size();
      long start = slice.start().known() ? slice.start().value() : 0;
      if (start < 0) {
        start += length;
      }
      long end = slice.end().known() ? slice.end().value() : length;
      if (end < 0 || (end == 0 && slice.end().derived())) {
        end += length;
      }
      if (end == start) {
        // asking for nothing is allowed anywhere; upstream then stops looking at further inputs
        return result;
      }
      if (start >= length || start < 0) {
        throw new PathError("array index out of bounds: index " + start + ", length " + length, input);
      }
      if (end > length || end < 0) {
        throw new PathError("array index out of bounds: index " + (end - 1) + ", length " + length, input);
      }
      if (start > end) {
        throw new PathError("starting index " + start + " is greater than ending index " + end, input);
      }
      long step = 1;
      if (slice.step().known()) {
        if (slice.step().value() <= 0) {
          throw new PathError("step must be > 0", input);
        }
        step = slice.step().value();
      }
      for (long i = start; i < end; i += step) {
        result.add(array.get((int) i));
      }
    }
    return result;
  }

  private List<Object> evalUnion(List<Object> input, PathNode.Union union) {
    List<Object> result = new ArrayList<>();
    for (Sequence branch : union.branches()) {
      try {
        result.addAll(evalList(input, branch));
      } catch (PathError e) {
        throw new PathError(e.getMessage(), input);
      }
    }
    return result;
  }

  private static List<Object> evalWildcard(List<Object> input) {
    List<Object> results = new ArrayList<>();
    for (Object value : input) {
      children(value, results);
    }
    return results;
  }

  /** Every container and non-empty string at or below the inputs, parents first; scalars are never results. */
  private static List<Object> evalRecursive(List<Object> input) {
    List<Object> result = new ArrayList<>();
    for (Object value : input) {
      List<Object> children = new ArrayList<>();
      children(value, children);
      if (!children.isEmpty()) {
        result.add(value);
        result.addAll(evalRecursive(children));
      }
    }
    return result;
  }

  /** What Go's reflection iterates: map values, slice elements, and the bytes of a string. */
  private static void children(Object value, List<Object> out) {
    if (!(value instanceof JsonNode n) || n.isNull()) {
      return;
    }
    if (n.isObject()) {
      n.properties().forEach(e -> out.add(e.getValue()));
    } else if (n.isArray()) {
      n.forEach(out::add);
    } else if (n.isString()) {
      for (byte b : n.asString().getBytes(StandardCharsets.UTF_8)) {
        out.add(new GoByte(b & 0xff));
      }
    }
  }

  private List<Object> evalFilter(List<Object> input, PathNode.Filter filter) {
    List<Object> results = new ArrayList<>();
    for (Object value : input) {
      if (!(value instanceof JsonNode array && array.isArray())) {
        throw new PathError(goFormat(value) + " is not array or slice and cannot be filtered", input);
      }
      for (JsonNode element : array) {
        List<Object> temp = List.of(element);
        List<Object> lefts;
        PathError leftError = null;
        try {
          lefts = evalList(temp, filter.left());
        } catch (PathError e) {
          lefts = e.partial;
          leftError = e;
        }
        if (filter.operator().equals("exists")) {
          if (!lefts.isEmpty()) {
            results.add(element);
          }
          continue;
        }
        if (leftError != null) {
          throw new PathError(leftError.getMessage(), input);
        }
        if (lefts.isEmpty()) {
          continue;
        }
        if (lefts.size() > 1) {
          throw new PathError("can only compare one element at a time", input);
        }
        List<Object> rights;
        try {
          rights = evalList(temp, filter.right());
        } catch (PathError e) {
          throw new PathError(e.getMessage(), input);
        }
        if (rights.isEmpty()) {
          continue;
        }
        if (rights.size() > 1) {
          throw new PathError("can only compare one element at a time", input);
        }
        if (GoComparisons.compare(filter.operator(), lefts.get(0), rights.get(0), results)) {
          results.add(element);
        }
      }
    }
    return results;
  }

  static boolean isNil(Object value) {
    return value == null || (value instanceof JsonNode n && (n.isNull() || n.isMissingNode()));
  }

  /** Go's type name of a value, as {@code %v} of its reflect.Type prints it. */
  static String typeName(Object value) {
    if (value instanceof GoInt) {
      return "int";
    }
    if (value instanceof GoByte) {
      return "uint8";
    }
    JsonNode n = (JsonNode) value;
    if (n.isObject()) {
      return "map[string]interface {}";
    }
    if (n.isArray()) {
      return "[]interface {}";
    }
    if (n.isBoolean()) {
      return "bool";
    }
    if (isInt64(n)) {
      return "int64";
    }
    if (n.isNumber()) {
      return "float64";
    }
    return "string";
  }

  /** Whether a decoded number is an int64 in Go; integers beyond 64 bits decode as float64. */
  static boolean isInt64(JsonNode n) {
    return n.isIntegralNumber() && n.canConvertToLong();
  }

  /** Go's {@code %v}. */
  static String goFormat(Object value) {
    if (value instanceof GoInt i) {
      return Long.toString(i.value());
    }
    if (value instanceof GoByte b) {
      return Integer.toString(b.value());
    }
    JsonNode n = value == null ? NullNode.getInstance() : (JsonNode) value;
    if (n.isIntegralNumber() && !n.canConvertToLong()) {
      return GoValues.format(DoubleNode.valueOf(n.doubleValue()));
    }
    return GoValues.format(n);
  }
}
