package dev.capstan.server.registry;

import dev.capstan.api.ApiException;
import dev.capstan.api.KubeObject;
import dev.capstan.server.validation.NameRules;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * Label selectors ({@code app=web,tier!=db,env in (a,b),!legacy}) and field selectors ({@code metadata.name=x})
 * as upstream parses them; a malformed selector is a 400.
 */
public final class Selectors {
  /** The fields every resource can be selected by. */
  public static final Map<String, Function<KubeObject, String>> COMMON_FIELDS = Map.of(
      "metadata.name", KubeObject::name, "metadata.namespace", KubeObject::namespace);

  /**
   * The selector of a request without one (upstream's {@code labels.Everything()}); compare by identity, as
   * {@link ListOptions#selectsEverything()} does.
   */
  public static final Predicate<KubeObject> EVERYTHING = o -> true;

  private Selectors() {}

  /** Both selectors as one predicate; {@link #EVERYTHING} when neither selects anything. */
  public static Predicate<KubeObject> both(Predicate<KubeObject> labels, Predicate<KubeObject> fields) {
    if (labels == EVERYTHING) {
      return fields;
    }
    return fields == EVERYTHING ? labels : labels.and(fields);
  }

  /** Matches everything when {@code selector} is null or blank. */
  public static Predicate<KubeObject> labels(String selector) {
    if (selector == null || selector.isBlank()) {
      return EVERYTHING;
    }
    List<Predicate<KubeObject>> requirements = new ArrayList<>();
    for (String part : splitTopLevel(selector)) {
      requirements.add(labelRequirement(part.trim(), selector));
    }
    return o -> requirements.stream().allMatch(r -> r.test(o));
  }

  /** Matches everything when {@code selector} is null or blank; only {@code supported} fields may be used. */
  public static Predicate<KubeObject> fields(String selector, Map<String, Function<KubeObject, String>> supported) {
    if (selector == null || selector.isBlank()) {
      return EVERYTHING;
    }
    List<Predicate<KubeObject>> requirements = new ArrayList<>();
    for (String part : selector.split(",")) {
      String p = part.trim();
      int op = p.indexOf("!=");
      boolean negate = op >= 0;
      int len = 2;
      if (!negate) {
        op = p.indexOf("==");
        if (op < 0) {
          op = p.indexOf('=');
          len = 1;
        }
      }
      if (op <= 0) {
        throw ApiException.badRequest("invalid selector: '" + selector + "'; can't understand '" + p + "'");
      }
      String field = p.substring(0, op).trim();
      String value = p.substring(op + len).trim();
      Function<KubeObject, String> reader = supported.containsKey(field) ? supported.get(field)
          : COMMON_FIELDS.get(field);
      if (reader == null) {
        throw ApiException.badRequest("field label not supported: " + field);
      }
      requirements.add(o -> value.equals(reader.apply(o)) != negate);
    }
    return o -> requirements.stream().allMatch(r -> r.test(o));
  }

  /** The value of the field at a dotted path, as text; "" when it is absent or null. */
  public static String fieldValue(KubeObject o, String path) {
    JsonNode n = o.node();
    for (String segment : path.split("\\.")) {
      n = n.path(segment);
    }
    return n.isMissingNode() || n.isNull() ? "" : n.asString();
  }

  /**
   * A label selector in upstream's string form: requirements sorted by key, {@code k=v}, {@code k in (a,b)},
   * {@code k notin (a,b)}, {@code k}, {@code !k}. Accepts a {@code LabelSelector} (matchLabels and
   * matchExpressions) or a plain map of labels; "" when it selects everything.
   */
  public static String selectorString(JsonNode selector) {
    TreeMap<String, List<String>> byKey = new TreeMap<>();
    boolean structured = selector.has("matchLabels") || selector.has("matchExpressions");
    JsonNode labels = structured ? selector.path("matchLabels") : selector;
    labels.properties().forEach(e -> byKey.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
        .add(e.getKey() + "=" + e.getValue().asString("")));
    for (JsonNode r : selector.path("matchExpressions")) {
      String key = r.path("key").asString("");
      TreeSet<String> values = new TreeSet<>();
      r.path("values").forEach(v -> values.add(v.asString("")));
      String text = switch (r.path("operator").asString("")) {
        case "In" -> key + " in (" + String.join(",", values) + ")";
        case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
        case "Exists" -> key;
        case "DoesNotExist" -> "!" + key;
        default -> key + " " + r.path("operator").asString("");
      };
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(text);
    }
    List<String> parts = new ArrayList<>();
    byKey.values().forEach(parts::addAll);
    return String.join(",", parts);
  }

  /** The string form of the object's {@code spec.selector}, for a Scale's {@code status.selector}. */
  static String specSelectorString(KubeObject o) {
    return selectorString(o.node().path("spec").path("selector"));
  }

  private static Predicate<KubeObject> labelRequirement(String r, String whole) {
    if (r.isEmpty()) {
      throw ApiException.badRequest("unable to parse requirement: found '', expected: identifier in selector '"
          + whole + "'");
    }
    if (r.startsWith("!")) {
      String key = checkKey(r.substring(1).trim(), whole);
      return o -> label(o, key) == null;
    }
    String padded = " " + r + " ";
    int in = indexOfWord(padded, "notin");
    boolean notIn = in >= 0;
    if (!notIn) {
      in = indexOfWord(padded, "in");
    }
    if (in >= 0) {
      String key = checkKey(padded.substring(0, in).trim(), whole);
      String rest = padded.substring(in + (notIn ? 5 : 2)).trim();
      if (!rest.startsWith("(") || !rest.endsWith(")")) {
        throw ApiException.badRequest("unable to parse requirement: found '" + rest + "', expected: '(' in selector '"
            + whole + "'");
      }
      Set<String> values = new LinkedHashSet<>();
      for (String v : rest.substring(1, rest.length() - 1).split(",")) {
        values.add(checkValue(v.trim(), whole));
      }
      return notIn ? o -> !values.contains(label(o, key)) : o -> values.contains(label(o, key));
    }
    int op = r.indexOf("!=");
    if (op > 0) {
      String key = checkKey(r.substring(0, op).trim(), whole);
      String value = checkValue(r.substring(op + 2).trim(), whole);
      return o -> !value.equals(label(o, key));
    }
    op = r.indexOf("==");
    int len = 2;
    if (op < 0) {
      op = r.indexOf('=');
      len = 1;
    }
    if (op > 0) {
      String key = checkKey(r.substring(0, op).trim(), whole);
      String value = checkValue(r.substring(op + len).trim(), whole);
      return o -> value.equals(label(o, key));
    }
    String key = checkKey(r, whole);
    return o -> label(o, key) != null;
  }

  private static String label(KubeObject o, String key) {
    JsonNode v = o.metadata().path("labels").get(key);
    return v == null || v.isNull() ? null : v.asString();
  }

  private static String checkKey(String key, String whole) {
    List<String> errs = NameRules.qualifiedName(key);
    if (!errs.isEmpty()) {
      throw ApiException.badRequest("unable to parse requirement: key: Invalid value: \"" + key + "\": "
          + errs.get(0));
    }
    return key;
  }

  private static String checkValue(String value, String whole) {
    List<String> errs = NameRules.labelValue(value);
    if (!errs.isEmpty()) {
      throw ApiException.badRequest("unable to parse requirement: values[0][" + value + "]: Invalid value: \""
          + value + "\": " + errs.get(0));
    }
    return value;
  }

  private static int indexOfWord(String s, String word) {
    int i = s.indexOf(" " + word + " ");
    if (i < 0) {
      i = s.indexOf(" " + word + "(");
    }
    return i < 0 ? -1 : i + 1;
  }

  /** Splits on commas outside parentheses: {@code a in (x,y),b} is two requirements. */
  private static List<String> splitTopLevel(String s) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(s.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(s.substring(start));
    return parts;
  }
}
