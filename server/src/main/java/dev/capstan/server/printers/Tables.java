package dev.capstan.server.printers;

import dev.capstan.api.KubeObject;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side printing: the {@code meta.k8s.io/v1 Table} kubectl asks for with
 * {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}. Without it kubectl shows only NAME and AGE.
 */
public final class Tables {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * One column, as {@code TableColumnDefinition}.
   *
   * @param type {@code string}, {@code integer}, {@code number}, {@code boolean} or {@code date}
   * @param format e.g. {@code name} for the column kubectl treats as the object's name; "" for none
   * @param priority 0 for the default view, higher for {@code -o wide} only
   */
  public record Column(String name, String type, String format, String description, int priority) {}

  /** The cells of one row, in column order: String, Long, Double or Boolean values. */
  @FunctionalInterface
  public interface RowPrinter {
    List<Object> cells(KubeObject object, Instant now);
  }

  /** What each row carries besides its cells, from the {@code includeObject} query parameter. */
  public enum IncludeObject {
    NONE, METADATA, OBJECT;

    /** Upstream's default is Metadata; an unknown value is the caller's 400. */
    public static IncludeObject parse(String value) {
      if (value == null || value.isEmpty()) {
        return METADATA;
      }
      return switch (value) {
        case "None" -> NONE;
        case "Metadata" -> METADATA;
        case "Object" -> OBJECT;
        default -> throw new IllegalArgumentException("includeObject: Unsupported value: "
            + value.toLowerCase(Locale.ROOT));
      };
    }
  }

  /** The Name column nearly every printer starts with; kubectl takes the object's name from it. */
  public static final Column NAME = new Column("Name", "string", "name",
      "The object's name, unique within its namespace.", 0);
  /** The Age column of upstream's printers, filled with {@link Ages#since}. */
  public static final Column AGE = new Column("Age", "string", "", "How long ago the object was created.", 0);

  /** The columns upstream prints for a resource without printers of its own: Name and Created At. */
  public static final List<Column> DEFAULT_COLUMNS = List.of(
      new Column("Name", "string", "name", "The object's name, unique within its namespace.", 0),
      new Column("Created At", "date", "", "When the object was created (RFC 3339, UTC).", 0));

  /** The cells for {@link #DEFAULT_COLUMNS}. */
  public static final RowPrinter DEFAULT_ROW = (o, now) -> List.of(o.name(),
      o.metadata().path("creationTimestamp").asString(""));

  private Tables() {}

  /**
   * A Table of {@code objects}.
   *
   * @param resourceVersion the list's resourceVersion, or "" for a single object
   * @param continueToken the list's continue token, or ""
   */
  public static ObjectNode render(List<Column> columns, RowPrinter printer, List<KubeObject> objects,
      IncludeObject include, String resourceVersion, String continueToken, Instant now) {
    ObjectNode table = JSON.createObjectNode();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    ObjectNode meta = table.putObject("metadata");
    if (!resourceVersion.isEmpty()) {
      meta.put("resourceVersion", resourceVersion);
    }
    if (!continueToken.isEmpty()) {
      meta.put("continue", continueToken);
    }
    ArrayNode defs = table.putArray("columnDefinitions");
    for (Column c : columns) {
      defs.addObject().put("name", c.name()).put("type", c.type()).put("format", c.format())
          .put("description", c.description()).put("priority", c.priority());
    }
    ArrayNode rows = table.putArray("rows");
    for (KubeObject o : objects) {
      rows.add(row(printer.cells(o, now), o, include));
    }
    return table;
  }

  /** One row: the cells, and the object as {@code include} asks. Used for watch events too. */
  public static ObjectNode row(List<Object> cells, KubeObject object, IncludeObject include) {
    ObjectNode row = JSON.createObjectNode();
    ArrayNode out = row.putArray("cells");
    for (Object cell : cells) {
      out.add(cellNode(cell));
    }
    switch (include) {
      case NONE -> { }
      case METADATA -> {
        ObjectNode partial = row.putObject("object");
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", object.metadata().deepCopy());
      }
      case OBJECT -> row.set("object", object.node().deepCopy());
    }
    return row;
  }

  private static JsonNode cellNode(Object cell) {
    if (cell == null) {
      return JSON.nullNode();
    }
    if (cell instanceof Long l) {
      return JSON.getNodeFactory().numberNode(l);
    }
    if (cell instanceof Integer i) {
      return JSON.getNodeFactory().numberNode(i.longValue());
    }
    if (cell instanceof Double d) {
      return JSON.getNodeFactory().numberNode(d);
    }
    if (cell instanceof Boolean b) {
      return JSON.getNodeFactory().booleanNode(b);
    }
    return JSON.getNodeFactory().stringNode(String.valueOf(cell));
  }
}
