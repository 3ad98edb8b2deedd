package dev.capstan.server.printers;

import dev.capstan.api.KubeObject;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's table convertor for custom resources (apiextensions-apiserver registry/customresource/tableconvertor):
 * a Name column, then one column per additionalPrinterColumn of the served version, or a single Age column when
 * the version declares none.
 *
 * <p>Each cell is the first value the column's jsonPath selects, converted by the column's type: integer (an
 * int64; a float is truncated), number (a float64), boolean, date (the age of an RFC 3339 timestamp, e.g.
 * {@code 5m}; {@code <invalid>} when it does not parse), or string (the value as JSONPath prints it, so maps and
 * lists show as JSON and an explicit null as {@code <no value>}). A missing value, a value of the wrong JSON type,
 * or a path that does not fit the object gives a null cell; a row never fails. Immutable and safe to share.
 */
public final class CustomColumns {
  /** ObjectMeta's description of {@code name}, which upstream sends for the Name column of custom resources. */
  static final String NAME_DESCRIPTION = "Name must be unique within a namespace. Is required when creating "
      + "resources, although some resources may allow a client to request the generation of an appropriate name "
      + "automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot "
      + "be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
  /** ObjectMeta's description of {@code creationTimestamp}, the description of the default Age column. */
  static final String CREATION_TIMESTAMP_DESCRIPTION = "CreationTimestamp is a timestamp representing the server "
      + "time when this object was created. It is not guaranteed to be set in happens-before order across separate "
      + "operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\n"
      + "Populated by the system. Read-only. Null for lists. More info: "
      + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

  private static final Tables.Column NAME = new Tables.Column("Name", "string", "name", NAME_DESCRIPTION, 0);
  // Go's time.RFC3339 as a parse layout: seconds required, fraction optional, Z or a numeric offset
  private static final Pattern RFC3339 = Pattern.compile(
      "(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?(?:(Z)|([+-])(\\d{2}):(\\d{2}))");

  private final List<Tables.Column> columns;
  private final List<JsonPath> paths;
  private final Optional<String> problem;

  private CustomColumns(List<Tables.Column> columns, List<JsonPath> paths, Optional<String> problem) {
    this.columns = List.copyOf(columns);
    this.paths = List.copyOf(paths);
    this.problem = problem;
  }

  /**
   * From a CRD version's additionalPrinterColumns (JSON array, may be missing/empty). A column whose jsonPath
   * does not parse ends the list there, as upstream's convertor does (CRD validation normally prevents it); see
   * {@link #problem()}.
   */
  public static CustomColumns of(JsonNode additionalPrinterColumns) {
    List<JsonNode> defs = new ArrayList<>();
    if (additionalPrinterColumns != null && additionalPrinterColumns.isArray()) {
      additionalPrinterColumns.forEach(defs::add);
    }
    if (defs.isEmpty()) {
      ObjectNode age = JsonNodeFactory.instance.objectNode();
      age.put("name", "Age").put("type", "date").put("description", CREATION_TIMESTAMP_DESCRIPTION)
          .put("jsonPath", ".metadata.creationTimestamp");
      defs.add(age);
    }
    List<Tables.Column> columns = new ArrayList<>(List.of(NAME));
    List<JsonPath> paths = new ArrayList<>();
    for (JsonNode def : defs) {
      String jsonPath = def.path("jsonPath").asString("");
      JsonPath path;
      try {
        path = JsonPath.parse("{" + jsonPath + "}");
      } catch (IllegalArgumentException e) {
        return new CustomColumns(columns, paths,
            Optional.of("unrecognized column definition \"" + jsonPath + "\": " + e.getMessage()));
      }
      String description = def.path("description").asString("");
      if (description.isEmpty()) {
        description = "Custom resource definition column (in JSONPath format): " + jsonPath;
      }
      columns.add(new Tables.Column(def.path("name").asString(""), def.path("type").asString(""),
          def.path("format").asString(""), description, def.path("priority").asInt(0)));
      paths.add(path);
    }
    return new CustomColumns(columns, paths, Optional.empty());
  }

  /** The column definitions in table order, Name first. */
  public List<Tables.Column> columns() {
    return columns;
  }

  /** Why the columns stop short of the CRD's list, for the log; empty when every column was taken. */
  public Optional<String> problem() {
    return problem;
  }

  /** The cells of one object: its name, then String, Long, Double, Boolean or null per column. */
  public Tables.RowPrinter printer() {
    return this::cells;
  }

  private List<Object> cells(KubeObject object, Instant now) {
    List<Object> cells = new ArrayList<>(columns.size());
    cells.add(object.name());
    for (int i = 0; i < paths.size(); i++) {
      cells.add(cell(columns.get(i + 1).type(), paths.get(i), object.node(), now));
    }
    return cells;
  }

  private static Object cell(String type, JsonPath path, JsonNode object, Instant now) {
    List<List<Object>> results;
    try {
      results = path.results(object);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (results.isEmpty() || results.get(0).isEmpty()) {
      return null;
    }
    // only the first value counts, also when the path selects several
    Object value = results.get(0).get(0);
    if (type.equals("string")) {
      return JsonPath.print(value);
    }
    if (!(value instanceof JsonNode node) || node.isNull()) {
      return null;
    }
    switch (type) {
      case "integer":
        if (JsonPathEvaluator.isInt64(node)) {
          return node.longValue();
        }
        return node.isNumber() ? (Object) (long) node.doubleValue() : null;
      case "number":
        return node.isNumber() ? (Object) node.doubleValue() : null;
      case "boolean":
        return node.isBoolean() ? (Object) node.booleanValue() : null;
      case "date":
        return node.isString() ? age(node.asString(), now) : null;
      default:
        return null;
    }
  }

  /** metav1.Time's query-parameter parsing, then the human-readable age upstream prints. */
  static String age(String timestamp, Instant now) {
    if (timestamp.isEmpty() || timestamp.equals("null")) {
      return "<unknown>";
    }
    Instant t = parseRfc3339(timestamp);
    if (t == null) {
      return "<invalid>";
    }
    if (t.equals(Instant.parse("0001-01-01T00:00:00Z"))) {
      return "<unknown>";
    }
    // Go truncates the duration's seconds toward zero
    Duration d = Duration.between(t, now);
    long seconds = d.getSeconds();
    if (seconds < 0 && d.getNano() > 0) {
      seconds++;
    }
    return Ages.human(Duration.ofSeconds(seconds));
  }

  private static Instant parseRfc3339(String s) {
    Matcher m = RFC3339.matcher(s);
    if (!m.matches()) {
      return null;
    }
    try {
      ZoneOffset offset = m.group(8) != null ? ZoneOffset.UTC
          : ZoneOffset.ofHoursMinutes(sign(m.group(9)) * Integer.parseInt(m.group(10)),
              sign(m.group(9)) * Integer.parseInt(m.group(11)));
      String fraction = m.group(7) == null ? "" : m.group(7);
      int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
      return OffsetDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
          Integer.parseInt(m.group(6)), nanos, offset).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static int sign(String s) {
    return s.equals("-") ? -1 : 1;
  }
}
