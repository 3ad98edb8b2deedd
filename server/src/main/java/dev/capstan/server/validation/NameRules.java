package dev.capstan.server.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The syntax rules for names, label keys and values and config keys, with the messages upstream gives, since
 * clients and users match on them. Each check returns the problems found, empty when the value is valid.
 */
public final class NameRules {
  private static final String LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String SUBDOMAIN_FMT = LABEL_FMT + "(\\." + LABEL_FMT + ")*";
  private static final Pattern LABEL = Pattern.compile(LABEL_FMT);
  private static final Pattern SUBDOMAIN = Pattern.compile(SUBDOMAIN_FMT);
  private static final String LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric "
      + "characters or '-', and must start and end with an alphanumeric character";
  private static final String SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case "
      + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

  private static final String QNAME_CHAR = "[A-Za-z0-9]";
  private static final String QNAME_FMT = "(" + QNAME_CHAR + "[-A-Za-z0-9_.]*)?" + QNAME_CHAR;
  private static final Pattern QNAME = Pattern.compile(QNAME_FMT);
  private static final String QNAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must "
      + "start and end with an alphanumeric character";
  private static final String LABEL_VALUE_FMT = "(" + QNAME_FMT + ")?";
  private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FMT);
  private static final String LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric "
      + "characters, '-', '_' or '.', and must start and end with an alphanumeric character";

  private static final String CONFIG_KEY_FMT = "[-._a-zA-Z0-9]+";
  private static final Pattern CONFIG_KEY = Pattern.compile(CONFIG_KEY_FMT);
  private static final String CONFIG_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', "
      + "'_' or '.'";

  public static final int LABEL_MAX = 63;
  public static final int SUBDOMAIN_MAX = 253;

  private NameRules() {}

  /** RFC 1123 subdomain: most object names. */
  public static List<String> dns1123Subdomain(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > SUBDOMAIN_MAX) {
      errs.add(maxLen(SUBDOMAIN_MAX));
    }
    if (!SUBDOMAIN.matcher(value).matches()) {
      errs.add(regexError(SUBDOMAIN_MSG, SUBDOMAIN_FMT, "example.com"));
    }
    return errs;
  }

  /** RFC 1123 label: namespace names, among others. */
  /**
   * A name that only has to be one segment of a URL path (RBAC objects, events, APIServices): anything but
   * "." and "..", without '/' or '%'.
   */
  public static List<String> pathSegment(String name) {
    if (name.equals(".") || name.equals("..")) {
      return List.of("may not be '" + name + "'");
    }
    List<String> errs = new java.util.ArrayList<>();
    for (String bad : new String[] {"/", "%"}) {
      if (name.contains(bad)) {
        errs.add("may not contain '" + bad + "'");
      }
    }
    return errs;
  }

  public static List<String> dns1123Label(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > LABEL_MAX) {
      errs.add(maxLen(LABEL_MAX));
    }
    if (!LABEL.matcher(value).matches()) {
      errs.add(SUBDOMAIN.matcher(value).matches() ? "must not contain dots"
          : regexError(LABEL_MSG, LABEL_FMT, "my-name", "123-abc"));
    }
    return errs;
  }

  /** A name that will get a random suffix: the rule for the full name, with a trailing '-' allowed. */
  public static List<String> generateNamePrefix(String prefix, boolean label) {
    String masked = prefix.endsWith("-") ? prefix.substring(0, prefix.length() - 1) + "a" : prefix;
    return label ? dns1123Label(masked) : dns1123Subdomain(masked);
  }

  /** A qualified name with an optional DNS subdomain prefix: label and annotation keys. */
  public static List<String> qualifiedName(String value) {
    List<String> errs = new ArrayList<>();
    String[] parts = value.split("/", -1);
    String name;
    if (parts.length == 1) {
      name = parts[0];
    } else if (parts.length == 2) {
      String prefix = parts[0];
      name = parts[1];
      if (prefix.isEmpty()) {
        errs.add("prefix part must be non-empty");
      } else {
        dns1123Subdomain(prefix).forEach(m -> errs.add("prefix part " + m));
      }
    } else {
      errs.add("a qualified name " + regexError(QNAME_MSG, QNAME_FMT, "MyName", "my.name", "123-abc")
          + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
      return errs;
    }
    if (name.isEmpty()) {
      errs.add("name part must be non-empty");
    } else if (name.length() > LABEL_MAX) {
      errs.add("name part " + maxLen(LABEL_MAX));
    }
    if (!QNAME.matcher(name).matches()) {
      errs.add("name part " + regexError(QNAME_MSG, QNAME_FMT, "MyName", "my.name", "123-abc"));
    }
    return errs;
  }

  public static List<String> labelValue(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > LABEL_MAX) {
      errs.add(maxLen(LABEL_MAX));
    }
    if (!LABEL_VALUE.matcher(value).matches()) {
      errs.add(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
    }
    return errs;
  }

  /** A key of a ConfigMap's or Secret's data. */
  public static List<String> configMapKey(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > SUBDOMAIN_MAX) {
      errs.add(maxLen(SUBDOMAIN_MAX));
    }
    if (!CONFIG_KEY.matcher(value).matches()) {
      errs.add(regexError(CONFIG_KEY_MSG, CONFIG_KEY_FMT, "key.name", "KEY_NAME", "key-name"));
    }
    if (value.equals(".")) {
      errs.add("must not be '.'");
    } else if (value.equals("..")) {
      errs.add("must not be '..'");
    } else if (value.startsWith("..")) {
      errs.add("must not start with '..'");
    }
    return errs;
  }

  static String maxLen(int n) {
    return "must be no more than " + n + " characters";
  }

  /** Upstream's phrasing of a failed pattern, examples included ("'a',  or 'b', " spacing and all). */
  static String regexError(String msg, String format, String... examples) {
    if (examples.length == 0) {
      return msg + " (regex used for validation is '" + format + "')";
    }
    StringBuilder s = new StringBuilder(msg).append(" (e.g. ");
    for (int i = 0; i < examples.length; i++) {
      if (i > 0) {
        s.append(" or ");
      }
      s.append('\'').append(examples[i]).append("', ");
    }
    return s.append("regex used for validation is '").append(format).append("')").toString();
  }
}
