package dev.capstan.api;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One validation failure on one field, worded as upstream's {@code field.Error}: {@code metadata.name: Invalid
 * value: "Foo": <detail>}. Collected into a 422 {@code Invalid} status by {@link #invalid}.
 *
 * @param value the offending value for the types that show it (a String is quoted as Go's %q quotes it), or null
 * @param detail what is wrong, or ""
 */
public record FieldError(Type type, String field, Object value, String detail) {

  /** Upstream's error types, with the text each shows and the cause reason it reports. */
  public enum Type {
    NOT_FOUND("Not found", "FieldValueNotFound", true),
    REQUIRED("Required value", "FieldValueRequired", false),
    DUPLICATE("Duplicate value", "FieldValueDuplicate", true),
    INVALID("Invalid value", "FieldValueInvalid", true),
    NOT_SUPPORTED("Unsupported value", "FieldValueNotSupported", true),
    FORBIDDEN("Forbidden", "FieldValueForbidden", false),
    TOO_LONG("Too long", "FieldValueTooLong", false),
    TOO_MANY("Too many", "FieldValueTooMany", true),
    INTERNAL("Internal error", "InternalError", false),
    TYPE_INVALID("Invalid value", "FieldValueTypeInvalid", true);

    private final String text;
    private final String causeReason;
    private final boolean showsValue;

    Type(String text, String causeReason, boolean showsValue) {
      this.text = text;
      this.causeReason = causeReason;
      this.showsValue = showsValue;
    }
  }

  public FieldError {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(field, "field");
    detail = detail == null ? "" : detail;
  }

  public static FieldError invalid(String field, Object value, String detail) {
    return new FieldError(Type.INVALID, field, value, detail);
  }

  public static FieldError required(String field, String detail) {
    return new FieldError(Type.REQUIRED, field, null, detail);
  }

  public static FieldError forbidden(String field, String detail) {
    return new FieldError(Type.FORBIDDEN, field, null, detail);
  }

  public static FieldError tooLong(String field, int max) {
    return new FieldError(Type.TOO_LONG, field, null, "may not be more than " + max + " bytes");
  }

  /** The part after the field path, e.g. {@code Invalid value: "Foo": must be lowercase}. */
  public String body() {
    StringBuilder s = new StringBuilder(type.text);
    if (type.showsValue) {
      s.append(": ").append(render(value));
    }
    if (!detail.isEmpty()) {
      s.append(": ").append(detail);
    }
    return s.toString();
  }

  /** The whole error, e.g. {@code metadata.name: Invalid value: "Foo": ...}. */
  public String message() {
    return field.isEmpty() ? body() : field + ": " + body();
  }

  /**
   * 422 {@code Invalid}, as upstream's {@code NewInvalid}: {@code ConfigMap "x" is invalid: <error>}, or the
   * errors in brackets when there are several, with one cause each.
   *
   * @param qualifiedKind e.g. {@code ConfigMap} or {@code Deployment.apps}
   */
  public static ApiException invalid(String group, String qualifiedKind, String kind, String name,
      List<FieldError> errors) {
    Set<String> messages = new LinkedHashSet<>();
    List<StatusDetails.Cause> causes = new ArrayList<>();
    for (FieldError e : errors) {
      if (messages.add(e.message())) {
        causes.add(new StatusDetails.Cause(e.type.causeReason, e.body(), e.field));
      }
    }
    String all = messages.size() == 1 ? messages.iterator().next() : "[" + String.join(", ", messages) + "]";
    return new ApiException(422, "Invalid", qualifiedKind + " " + goQuote(name) + " is invalid: " + all,
        new StatusDetails(name, group, kind, null, 0, causes));
  }

  private static String render(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return goQuote(s);
    }
    if (value instanceof List<?> list) {
      // Go's %#v of a []string, which is how upstream shows a list it rejects.
      StringBuilder out = new StringBuilder("[]string{");
      for (int i = 0; i < list.size(); i++) {
        out.append(i == 0 ? "" : ", ").append(goQuote(String.valueOf(list.get(i))));
      }
      return out.append('}').toString();
    }
    return String.valueOf(value);
  }

  /** A string quoted as Go's {@code %q} quotes it. */
  public static String goQuote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(c -> {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        case 0x07 -> out.append("\\a");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case 0x0b -> out.append("\\v");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", c));
          } else {
            out.appendCodePoint(c);
          }
        }
      }
    });
    return out.append('"').toString();
  }
}
