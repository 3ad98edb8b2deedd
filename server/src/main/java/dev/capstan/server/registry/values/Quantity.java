package dev.capstan.server.registry.values;

import dev.capstan.api.ApiException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A resource quantity ({@code 500m}, {@code 1Gi}, {@code 2k}, {@code 1e3}) as upstream's {@code resource.Quantity}
 * reads, compares and prints it. Printing is canonical, as tables and validation messages show it: {@code 1000m}
 * prints as {@code 1}, {@code 2000} as {@code 2k}, {@code 1048576Ki} as {@code 1Gi}. Values are rounded up to
 * nano units, as upstream stores them. Immutable.
 */
public final class Quantity implements Comparable<Quantity> {
  /** Upstream's pattern for the text form; the decoder's 400 names it. */
  public static final String REGEX = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";
  private static final Pattern PATTERN = Pattern.compile(REGEX);
  private static final Pattern NUMBER = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)");
  private static final Map<String, Integer> DECIMAL = Map.of("n", -9, "u", -6, "m", -3, "", 0, "k", 3, "M", 6,
      "G", 9, "T", 12, "P", 15, "E", 18);
  private static final Map<String, Integer> BINARY = Map.of("Ki", 10, "Mi", 20, "Gi", 30, "Ti", 40, "Pi", 50,
      "Ei", 60);
  private static final String[] BINARY_SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  private static final BigInteger THOUSAND_TWENTY_FOUR = BigInteger.valueOf(1024);

  /** How the quantity was written, which decides how it prints. */
  public enum Format { DECIMAL_SI, BINARY_SI, DECIMAL_EXPONENT }

  public static final Quantity ZERO = new Quantity(BigDecimal.ZERO, Format.DECIMAL_SI);

  private final BigDecimal value;
  private final Format format;

  private Quantity(BigDecimal value, Format format) {
    this.value = value;
    this.format = format;
  }

  /**
   * Reads the text form.
   *
   * @throws IllegalArgumentException when {@code text} is not a quantity
   */
  public static Quantity parse(String text) {
    Matcher m = PATTERN.matcher(text == null ? "" : text.trim());
    if (!m.matches() || !NUMBER.matcher(m.group(1)).matches()) {
      throw new IllegalArgumentException("quantities must match the regular expression '" + REGEX + "'");
    }
    BigDecimal number = new BigDecimal(m.group(1));
    String suffix = m.group(2);
    BigDecimal value;
    Format format;
    if (BINARY.containsKey(suffix)) {
      value = number.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(BINARY.get(suffix))));
      format = Format.BINARY_SI;
    } else if (DECIMAL.containsKey(suffix)) {
      value = number.scaleByPowerOfTen(DECIMAL.get(suffix));
      format = Format.DECIMAL_SI;
    } else if (suffix.matches("[eE][-+]?[0-9]+")) {
      value = number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1).replace("+", "")));
      format = Format.DECIMAL_EXPONENT;
    } else {
      throw new IllegalArgumentException("unable to parse quantity's suffix");
    }
    // Upstream keeps nano precision and rounds anything finer up (away from zero for positive values).
    if (value.scale() > 9) {
      value = value.setScale(9, RoundingMode.CEILING);
    }
    return new Quantity(value.stripTrailingZeros(), format);
  }

  /** Reads a quantity from JSON, where it may be a string or a bare number; null when it is neither or invalid. */
  public static Quantity of(JsonNode node) {
    if (node == null || !(node.isString() || node.isNumber())) {
      return null;
    }
    try {
      return parse(node.asString());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The quantity at {@code node}, or zero when it is absent or unreadable (as a missing map entry reads). */
  public static Quantity orZero(JsonNode node) {
    Quantity q = of(node);
    return q == null ? ZERO : q;
  }

  /**
   * Checks every value of a map of quantities ({@code ResourceList}) decodes, as upstream's decoder does.
   *
   * @throws ApiException 400 naming the kind and version, as a body that does not decode is reported
   */
  public static void checkList(JsonNode list, String kind, String apiVersion) {
    if (list == null || !list.isObject()) {
      return;
    }
    for (Map.Entry<String, JsonNode> e : list.properties()) {
      JsonNode v = e.getValue();
      if (v.isNull()) {
        continue;
      }
      if ((!v.isString() && !v.isNumber()) || of(v) == null) {
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        throw ApiException.badRequest(kind + " in version \"" + version + "\" cannot be handled as a " + kind
            + ": quantities must match the regular expression '" + REGEX + "'");
      }
    }
  }

  public BigDecimal value() {
    return value;
  }

  public int signum() {
    return value.signum();
  }

  /** Whether the value is a whole number (what integer resources such as {@code pods} require). */
  public boolean isInteger() {
    return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
  }

  @Override
  public int compareTo(Quantity other) {
    return value.compareTo(other.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Quantity q && value.compareTo(q.value) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(value.stripTrailingZeros());
  }

  /** The canonical text, as upstream's {@code Quantity.String()}. */
  @Override
  public String toString() {
    if (value.signum() == 0) {
      return "0";
    }
    Format f = format;
    if (f == Format.BINARY_SI && (!isInteger() || value.abs().compareTo(BigDecimal.valueOf(1024)) < 0)) {
      // Small or fractional binary amounts print in decimal, as upstream does.
      f = Format.DECIMAL_SI;
    }
    if (f == Format.BINARY_SI) {
      BigInteger n = value.toBigIntegerExact();
      int i = 0;
      while (i < BINARY_SUFFIXES.length - 1 && n.mod(THOUSAND_TWENTY_FOUR).signum() == 0) {
        n = n.divide(THOUSAND_TWENTY_FOUR);
        i++;
      }
      return n + BINARY_SUFFIXES[i];
    }
    // mantissa * 10^exponent with the mantissa free of trailing zeros, then the exponent lowered to a multiple of 3.
    BigDecimal stripped = value.stripTrailingZeros();
    BigInteger mantissa = stripped.unscaledValue();
    int exponent = -stripped.scale();
    while (Math.floorMod(exponent, 3) != 0) {
      mantissa = mantissa.multiply(BigInteger.TEN);
      exponent--;
    }
    if (f == Format.DECIMAL_EXPONENT) {
      return exponent == 0 ? mantissa.toString() : mantissa + "e" + exponent;
    }
    while (exponent > 18) {
      mantissa = mantissa.multiply(BigInteger.valueOf(1000));
      exponent -= 3;
    }
    return mantissa + suffixFor(exponent);
  }

  private static String suffixFor(int exponent) {
    for (Map.Entry<String, Integer> e : DECIMAL.entrySet()) {
      if (e.getValue() == exponent) {
        return e.getKey();
      }
    }
    throw new IllegalStateException("exponent " + exponent);
  }
}
