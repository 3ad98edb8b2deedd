package dev.capstan.server.registry.shared;

import dev.capstan.api.FieldError;
import dev.capstan.server.validation.NameRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Field checks that several API groups share, worded as upstream's validation helpers word them (field paths are
 * passed in, since each kind places the checked value elsewhere). Each returns the errors found, empty when valid.
 */
public final class Rules {
  private static final Pattern DNS1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern PORT_NAME_CHARS = Pattern.compile("[-a-z0-9]+");

  private Rules() {}

  /**
   * A value Go's {@code %#v} would print, for errors whose bad value is not a string or number (e.g.
   * {@code []networking.IngressRule(nil)}); {@link FieldError} shows it as is.
   */
  public record GoLiteral(String text) {
    @Override
    public String toString() {
      return text;
    }
  }

  /** {@code supported values: "a", "b"}, the detail of upstream's NotSupported errors. */
  public static String supported(List<String> values) {
    List<String> quoted = new ArrayList<>();
    values.forEach(v -> quoted.add(FieldError.goQuote(v)));
    return "supported values: " + String.join(", ", quoted);
  }

  public static FieldError notSupported(String field, Object value, List<String> values) {
    return new FieldError(FieldError.Type.NOT_SUPPORTED, field, value, supported(values));
  }

  public static FieldError duplicate(String field, Object value) {
    return new FieldError(FieldError.Type.DUPLICATE, field, value, "");
  }

  /** Upstream's ValidateImmutableField: the new value, "field is immutable". */
  public static FieldError immutable(String field, Object value) {
    return FieldError.invalid(field, value, "field is immutable");
  }

  /** RFC 1035 label: service names, API versions, CRD plural names. */
  public static List<String> dns1035Label(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > NameRules.LABEL_MAX) {
      errs.add("must be no more than " + NameRules.LABEL_MAX + " characters");
    }
    if (!DNS1035.matcher(value).matches()) {
      errs.add("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
          + "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex "
          + "used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
    }
    return errs;
  }

  public static List<String> portNumber(long port) {
    return port < 1 || port > 65535 ? List.of("must be between 1 and 65535, inclusive") : List.of();
  }

  /** An IANA service name, as container and service ports are named. */
  public static List<String> portName(String name) {
    List<String> errs = new ArrayList<>();
    if (name.length() > 15) {
      errs.add("must be no more than 15 characters");
    }
    if (!PORT_NAME_CHARS.matcher(name).matches()) {
      errs.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }
    if (name.chars().noneMatch(c -> c >= 'a' && c <= 'z')) {
      errs.add("must contain at least one letter (a-z)");
    }
    if (name.contains("--")) {
      errs.add("must not contain consecutive hyphens");
    }
    if (!name.isEmpty() && (name.startsWith("-") || name.endsWith("-"))) {
      errs.add("must not begin or end with a hyphen");
    }
    return errs;
  }

  /**
   * A name that must be a DNS subdomain of at least three labels (webhook names): upstream's
   * IsFullyQualifiedName.
   */
  public static List<FieldError> fullyQualifiedName(String field, String name) {
    if (name.isEmpty()) {
      return List.of(FieldError.required(field, ""));
    }
    List<String> errs = NameRules.dns1123Subdomain(name);
    if (!errs.isEmpty()) {
      return List.of(FieldError.invalid(field, name, String.join(",", errs)));
    }
    if (name.split("\\.", -1).length < 3) {
      return List.of(FieldError.invalid(field, name, "should be a domain with at least three segments separated by "
          + "dots"));
    }
    return List.of();
  }

  /** A metav1 LabelSelector: label keys and values, and each expression's operator and values. */
  public static List<FieldError> labelSelector(JsonNode selector, String field) {
    List<FieldError> errs = new ArrayList<>();
    if (selector == null || !selector.isObject()) {
      return errs;
    }
    for (Map.Entry<String, JsonNode> e : selector.path("matchLabels").properties()) {
      String path = field + ".matchLabels";
      NameRules.qualifiedName(e.getKey()).forEach(m -> errs.add(FieldError.invalid(path, e.getKey(), m)));
      String value = e.getValue().asString("");
      NameRules.labelValue(value).forEach(m -> errs.add(FieldError.invalid(path, value, m)));
    }
    JsonNode expressions = selector.path("matchExpressions");
    for (int i = 0; i < expressions.size(); i++) {
      JsonNode r = expressions.get(i);
      String path = field + ".matchExpressions[" + i + "]";
      String operator = r.path("operator").asString("");
      int values = r.path("values").size();
      switch (operator) {
        case "In", "NotIn" -> {
          if (values == 0) {
            errs.add(FieldError.required(path + ".values", "must be specified when `operator` is 'In' or 'NotIn'"));
          }
        }
        case "Exists", "DoesNotExist" -> {
          if (values > 0) {
            errs.add(FieldError.forbidden(path + ".values",
                "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
          }
        }
        default -> errs.add(FieldError.invalid(path + ".operator", operator, "not a valid selector operator"));
      }
      String key = r.path("key").asString("");
      NameRules.qualifiedName(key).forEach(m -> errs.add(FieldError.invalid(path + ".key", key, m)));
    }
    return errs;
  }

  /** A path segment name (kinds, parameter names): anything but ".", "..", '/' and '%'. */

  /** Go's {@code %#v} of a byte slice: {@code []byte{0x2d, 0x2d}}. */
  public static GoLiteral goBytes(byte[] bytes) {
    StringBuilder s = new StringBuilder("[]byte{");
    for (int i = 0; i < bytes.length; i++) {
      s.append(i == 0 ? "" : ", ").append(String.format("0x%x", bytes[i] & 0xff));
    }
    return new GoLiteral(s.append('}').toString());
  }
}
