package dev.capstan.server.cel;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's duration syntax ({@code 1h30m}, {@code 1.5s}, {@code 300ms}), which {@code format: duration} strings use. */
final class GoDurations {
  private GoDurations() {
  }

  private static final Pattern PART = Pattern.compile("([0-9]*\\.?[0-9]+)(ns|us|µs|ms|s|m|h)");
  private static final Map<String, Long> NANOS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L,
      "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

  /** The duration, or null when {@code s} is not one. */
  static Duration parse(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    boolean negative = s.startsWith("-");
    String rest = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
    if (rest.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(rest);
    BigDecimal nanos = BigDecimal.ZERO;
    int at = 0;
    while (at < rest.length()) {
      if (!m.find(at) || m.start() != at) {
        return null;
      }
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS.get(m.group(2)))));
      at = m.end();
    }
    Duration d = Duration.ofNanos(nanos.longValue());
    return negative ? d.negated() : d;
  }
}
