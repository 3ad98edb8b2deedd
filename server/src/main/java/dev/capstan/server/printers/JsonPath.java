package dev.capstan.server.printers;

import dev.capstan.server.printers.JsonPathEvaluator.GoByte;
import dev.capstan.server.printers.JsonPathEvaluator.GoInt;
import dev.capstan.server.printers.JsonPathEvaluator.PathError;
import dev.capstan.server.printers.PathNode.Sequence;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.NullNode;

/**
 * client-go's JSONPath (k8s.io/client-go/util/jsonpath) as the server uses it for printer columns and as CRD
 * validation checks a column's jsonPath: parse errors with upstream's messages, evaluation over Jackson nodes.
 *
 * <p>A template is text with actions in braces, e.g. {@code {.spec.replicas}} or
 * {@code {.status.conditions[?(@.type=="Ready")].status}}; a printer column's jsonPath is the inside of one
 * action, so callers wrap it in braces as upstream does. Supported: {@code .field}, {@code ['field']},
 * {@code [n]}, {@code [start:end:step]}, {@code [*]}, {@code .*}, {@code ..}, unions {@code [a,b]}, filters
 * with {@code == != < > <= >=} or plain existence, quoted text, and {@code range}/{@code end}.
 *
 * <p>Evaluation treats the object as upstream's decoded unstructured content: integers are int64, other numbers
 * float64, and a filter compares only values of the same kind ({@code @.replicas>1} works on an integer field,
 * {@code @.replicas>1.5} is an error there). Immutable and safe to share; every {@link #find} starts afresh.
 */
public final class JsonPath {
  private final String template;
  private final Sequence root;

  private JsonPath(String template, Sequence root) {
    this.template = template;
    this.root = root;
  }

  /**
   * Parses a template.
   *
   * @throws IllegalArgumentException with upstream's message, e.g. {@code unclosed action},
   *     {@code unrecognized character in action: U+002A '*'}, {@code invalid array index x}
   */
  public static JsonPath parse(String template) {
    return new JsonPath(template, JsonPathParser.parse(template));
  }

  /**
   * Every value the template selects from {@code object}, in order; empty when a field is missing. Text and
   * literals of the template are results too, as strings and numbers.
   *
   * @throws IllegalArgumentException with upstream's message when the object does not fit the path in a way
   *     other than a missing field, e.g. {@code array index out of bounds: index 3, length 1} or
   *     {@code string is not array or slice}
   */
  public List<JsonNode> find(JsonNode object) {
    List<JsonNode> out = new ArrayList<>();
    for (List<Object> group : results(object)) {
      for (Object value : group) {
        out.add(toNode(value));
      }
    }
    return out;
  }

  /** The template this was parsed from. */
  @Override
  public String toString() {
    return template;
  }

  /**
   * Upstream's FindResults with missing keys allowed: one list per top-level node of the template (the text
   * between actions included), values as {@link JsonPathEvaluator} models them.
   */
  List<List<Object>> results(JsonNode object) {
    return results(object, true);
  }

  /** As {@link #results(JsonNode)}; without {@code allowMissingKeys} a missing field is an error, as in kubectl. */
  List<List<Object>> results(JsonNode object, boolean allowMissingKeys) {
    try {
      return new JsonPathEvaluator(root, allowMissingKeys)
          .findResults(object == null ? NullNode.getInstance() : object, 0);
    } catch (PathError e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  /**
   * How upstream's PrintResults writes one value: maps and slices as compact JSON, nil as {@code <no value>},
   * anything else as Go's {@code %v}.
   */
  static String print(Object value) {
    if (JsonPathEvaluator.isNil(value)) {
      return "<no value>";
    }
    if (value instanceof JsonNode n && n.isContainer()) {
      return GoJson.marshal(n);
    }
    return JsonPathEvaluator.goFormat(value);
  }

  private static JsonNode toNode(Object value) {
    if (value instanceof GoInt i) {
      return LongNode.valueOf(i.value());
    }
    if (value instanceof GoByte b) {
      return IntNode.valueOf(b.value());
    }
    return (JsonNode) value;
  }
}
