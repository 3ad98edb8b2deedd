package dev.capstan.server.structural;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The string formats upstream checks in custom resources (kube-openapi's strfmt registry, limited to the formats
 * apiextensions keeps). Each test restates the Go check it stands for; where Go parses (net.ParseIP, url, mail)
 * the rules below are that parser's acceptance rules for the common cases.
 */
final class Formats {
  private static final String HOST_CHAR = "[a-zA-Z0-9\\p{S}\\p{L}]";
  private static final Pattern HOSTNAME = Pattern.compile("^(" + HOST_CHAR + "((-?" + HOST_CHAR + "{0,62})?)|("
      + HOST_CHAR + "(([a-zA-Z0-9\\-\\p{S}\\p{L}]{0,61}" + HOST_CHAR + ")?)(\\.)){1,}(" + HOST_CHAR + ")(-?"
      + HOST_CHAR + "){1,62})$");
  private static final String HEX = "[0-9a-fA-F]";
  private static final Pattern UUID = Pattern.compile(
      "^" + HEX + "{8}-?" + HEX + "{4}-?" + HEX + "{4}-?" + HEX + "{4}-?" + HEX + "{12}$");
  private static final Pattern UUID3 = Pattern.compile(
      "^" + HEX + "{8}-?" + HEX + "{4}-?3" + HEX + "{3}-?" + HEX + "{4}-?" + HEX + "{12}$");
  private static final Pattern UUID4 = Pattern.compile(
      "^" + HEX + "{8}-?" + HEX + "{4}-?4" + HEX + "{3}-?[89abAB]" + HEX + "{3}-?" + HEX + "{12}$");
  private static final Pattern UUID5 = Pattern.compile(
      "^" + HEX + "{8}-?" + HEX + "{4}-?5" + HEX + "{3}-?[89abAB]" + HEX + "{3}-?" + HEX + "{12}$");
  private static final Pattern BSON_ID = Pattern.compile("^" + HEX + "{24}$");
  private static final Pattern BASE64 = Pattern.compile(
      "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$");
  private static final Pattern HEX_COLOR = Pattern.compile("^#?(" + HEX + "{3}|" + HEX + "{6})$");
  private static final String BYTE = "(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])";
  private static final Pattern RGB_COLOR = Pattern.compile(
      "^rgb\\(\\s*" + BYTE + "\\s*,\\s*" + BYTE + "\\s*,\\s*" + BYTE + "\\s*\\)$");
  private static final Pattern SSN = Pattern.compile("^\\d{3}[- ]?\\d{2}[- ]?\\d{4}$");
  private static final Pattern CREDIT_CARD = Pattern.compile("^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|"
      + "(222[1-9]|22[3-9][0-9]|2[3-6][0-9]{2}|27[01][0-9]|2720)[0-9]{12}|6(?:011|5[0-9][0-9])[0-9]{12}|"
      + "3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\\d{3})\\d{11}|6[27][0-9]{14})$");
  private static final Pattern DATE = Pattern.compile("^(\\d{4})-(\\d{2})-(\\d{2})$");
  private static final Pattern TIME = Pattern.compile("^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$");
  private static final Pattern GO_DURATION = Pattern.compile(
      "^[-+]?(0|((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h))+)$");
  private static final Pattern SCALA_DURATION = Pattern.compile("^\\s*(?:\\d+\\s*[A-Za-zµ]+\\s*)+$");
  private static final Pattern SCALA_PART = Pattern.compile("(\\d+)\\s*([A-Za-zµ]+)");
  private static final String[][] SCALA_UNITS = {{"ns", "nano"}, {"us", "µs", "micro"}, {"ms", "milli"},
      {"s", "sec"}, {"m", "min"}, {"h", "hr", "hour"}, {"d", "day"}, {"w", "wk", "week"}};
  private static final Pattern MAC_COLON = Pattern.compile("^" + HEX + "{2}([:-])" + HEX + "{2}(\\1" + HEX + "{2})*$");
  private static final Pattern MAC_DOT = Pattern.compile("^" + HEX + "{4}(\\." + HEX + "{4})*$");
  private static final Pattern EMAIL_ADDR = Pattern.compile(
      "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
      + "@[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$");
  private static final Pattern URI_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.\\-]*$");

  private Formats() {}

  /** True when {@code value} is a valid {@code format} (named as in the schema, e.g. {@code date-time}). */
  static boolean valid(String format, String value) {
    return switch (format.replace("-", "")) {
      case "bsonobjectid" -> BSON_ID.matcher(value).matches();
      case "uri" -> isRequestUri(value);
      case "email" -> isEmail(value);
      case "hostname" -> HOSTNAME.matcher(value).matches() && value.length() <= 255 && labelsFit(value);
      case "ipv4" -> Ips.parse(value) != null && value.contains(".");
      case "ipv6" -> Ips.parse(value) != null && value.contains(":");
      case "cidr" -> isCidr(value);
      case "mac" -> isMac(value);
      case "uuid" -> UUID.matcher(value).matches();
      case "uuid3" -> UUID3.matcher(value).matches();
      case "uuid4" -> UUID4.matcher(value).matches();
      case "uuid5" -> UUID5.matcher(value).matches();
      case "isbn" -> isIsbn10(value) || isIsbn13(value);
      case "isbn10" -> isIsbn10(value);
      case "isbn13" -> isIsbn13(value);
      case "creditcard" -> isCreditCard(value);
      case "ssn" -> value.length() == 11 && SSN.matcher(value).matches();
      case "hexcolor" -> HEX_COLOR.matcher(value).matches();
      case "rgbcolor" -> RGB_COLOR.matcher(value).matches();
      case "byte" -> BASE64.matcher(value).matches();
      case "password" -> true;
      case "date" -> isDate(value);
      case "datetime" -> isDateTime(value);
      case "duration" -> isDuration(value);
      default -> true;
    };
  }

  private static boolean labelsFit(String host) {
    for (String label : host.split("\\.", -1)) {
      if (label.length() > 63) {
        return false;
      }
    }
    return true;
  }

  /** A full-date as Go's time.Parse("2006-01-02") accepts it: real calendar days only. */
  static boolean isDate(String s) {
    Matcher m = DATE.matcher(s);
    if (!m.matches()) {
      return false;
    }
    try {
      LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }

  /** strfmt's date-time: a date, a "t" (any case), then hh:mm:ss[.frac] and z or an offset. */
  private static boolean isDateTime(String s) {
    if (s.length() < 4) {
      return false;
    }
    String[] parts = s.toLowerCase(java.util.Locale.ROOT).split("t", -1);
    if (parts.length < 2 || !isDate(parts[0])) {
      return false;
    }
    Matcher m = TIME.matcher(parts[1]);
    return m.find() && m.group(1).compareTo("23") <= 0 && m.group(2).compareTo("59") <= 0
        && m.group(3).compareTo("59") <= 0;
  }

  /** Go's time.ParseDuration syntax, or the Scala-like {@code 3 days} form strfmt also accepts. */
  private static boolean isDuration(String s) {
    if (GO_DURATION.matcher(s).matches()) {
      return true;
    }
    if (!SCALA_DURATION.matcher(s).matches()) {
      return false;
    }
    Matcher m = SCALA_PART.matcher(s);
    boolean known = false;
    while (m.find()) {
      String unit = m.group(2).toLowerCase(java.util.Locale.ROOT);
      for (String[] variants : SCALA_UNITS) {
        for (int i = 0; i < variants.length; i++) {
          boolean last = i == variants.length - 1;
          if ((last && unit.startsWith(variants[i])) || variants[i].equalsIgnoreCase(unit)) {
            known = true;
          }
        }
      }
    }
    return known;
  }

  /** Go's net/url ParseRequestURI: an absolute URI (scheme:...) or an absolute path, no control characters. */
  private static boolean isRequestUri(String s) {
    if (s.isEmpty() || s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return false;
    }
    int colon = s.indexOf(':');
    String scheme = colon > 0 ? s.substring(0, colon) : null;
    if (scheme != null && !URI_SCHEME.matcher(scheme).matches()) {
      // Go only treats the text before ':' as a scheme when it looks like one; otherwise it is a path.
      scheme = null;
    }
    if (colon == 0) {
      return false;
    }
    if (scheme == null) {
      // Without a scheme Go reads "//host" as a path too, so only the leading slash matters.
      return s.startsWith("/");
    }
    String rest = s.substring(colon + 1);
    if (!rest.startsWith("/")) {
      return true;
    }
    return authorityOk(rest);
  }

  /** The host part of {@code //host:port/...}: no spaces, and a numeric port when one is given. */
  private static boolean authorityOk(String rest) {
    if (!rest.startsWith("//")) {
      return true;
    }
    String authority = rest.substring(2);
    int end = authority.indexOf('/');
    if (end >= 0) {
      authority = authority.substring(0, end);
    }
    int at = authority.lastIndexOf('@');
    String host = authority.substring(at + 1);
    if (host.contains(" ")) {
      return false;
    }
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      if (close < 0) {
        return false;
      }
      String port = host.substring(close + 1);
      return port.isEmpty() || port.matches(":\\d*");
    }
    int colon = host.lastIndexOf(':');
    return colon < 0 || host.substring(colon + 1).matches("\\d*");
  }

  /** Go's net/mail ParseAddress for the common shapes: {@code a@b.c} or {@code Name <a@b.c>}. */
  private static boolean isEmail(String s) {
    String addr = s.trim();
    if (addr.endsWith(">")) {
      int open = addr.lastIndexOf('<');
      if (open < 0) {
        return false;
      }
      addr = addr.substring(open + 1, addr.length() - 1);
    }
    return EMAIL_ADDR.matcher(addr).matches();
  }

  private static boolean isCidr(String s) {
    int slash = s.indexOf('/');
    if (slash < 0) {
      return false;
    }
    String addr = s.substring(0, slash);
    String bits = s.substring(slash + 1);
    byte[] ip = Ips.parse(addr);
    if (ip == null || addr.contains("%") || !bits.matches("\\d{1,3}")) {
      return false;
    }
    int n = Integer.parseInt(bits);
    return n <= (addr.contains(":") ? 128 : 32);
  }

  /** Go's net.ParseMAC: 6, 8 or 20 octets as pairs split by ':' or '-', or as dotted groups of four. */
  private static boolean isMac(String s) {
    int octets;
    if (MAC_COLON.matcher(s).matches()) {
      octets = (s.length() + 1) / 3;
    } else if (MAC_DOT.matcher(s).matches()) {
      octets = (s.length() + 1) / 5 * 2;
    } else {
      return false;
    }
    return octets == 6 || octets == 8 || octets == 20;
  }

  private static boolean isIsbn10(String s) {
    String d = s.replaceAll("[\\s-]", "");
    if (!d.matches("[0-9]{9}X|[0-9]{10}")) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      sum += (i + 1) * (d.charAt(i) - '0');
    }
    sum += d.charAt(9) == 'X' ? 100 : 10 * (d.charAt(9) - '0');
    return sum % 11 == 0;
  }

  private static boolean isIsbn13(String s) {
    String d = s.replaceAll("[\\s-]", "");
    if (!d.matches("[0-9]{13}")) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 12; i++) {
      sum += (i % 2 == 0 ? 1 : 3) * (d.charAt(i) - '0');
    }
    return (10 - sum % 10) % 10 == d.charAt(12) - '0';
  }

  /** A card number (separators ignored) of a known issuer's shape with a valid Luhn check digit. */
  private static boolean isCreditCard(String s) {
    String d = s.replaceAll("[^0-9]+", "");
    if (!CREDIT_CARD.matcher(d).matches()) {
      return false;
    }
    int sum = 0;
    boolean doubled = false;
    for (int i = d.length() - 1; i >= 0; i--) {
      int n = d.charAt(i) - '0';
      if (doubled) {
        n *= 2;
        if (n > 9) {
          n -= 9;
        }
      }
      sum += n;
      doubled = !doubled;
    }
    return sum % 10 == 0;
  }
}
