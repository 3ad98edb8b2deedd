package dev.capstan.server.registry.batch;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a CronJob schedule the way upstream's cron parser (robfig/cron's standard parser) does, answering its
 * error text, which upstream puts in the validation message: five fields, or a descriptor such as
 * {@code @hourly} or {@code @every 1h30m}.
 */
final class CronSchedules {
  private record Bounds(int min, int max, Map<String, Integer> names) {}

  private static final Bounds MINUTES = new Bounds(0, 59, Map.of());
  private static final Bounds HOURS = new Bounds(0, 23, Map.of());
  private static final Bounds DAYS = new Bounds(1, 31, Map.of());
  private static final Bounds MONTHS = new Bounds(1, 12, Map.ofEntries(Map.entry("jan", 1), Map.entry("feb", 2),
      Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7),
      Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12)));
  private static final Bounds WEEKDAYS = new Bounds(0, 6, Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4,
      "fri", 5, "sat", 6));
  private static final List<Bounds> FIELDS = List.of(MINUTES, HOURS, DAYS, MONTHS, WEEKDAYS);
  private static final List<String> DESCRIPTORS = List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily",
      "@midnight", "@hourly");
  private static final Pattern GO_DURATION = Pattern.compile("([0-9]*(\\.[0-9]*)?(ns|us|µs|ms|s|m|h))+|0");

  /** Thrown with the parser's message. */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message);
    }
  }

  private CronSchedules() {}

  static void check(String spec) throws Invalid {
    if (spec.isEmpty()) {
      throw new Invalid("empty spec string");
    }
    if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
      int space = spec.indexOf(' ');
      String zone = spec.substring(spec.indexOf('=') + 1, space < 0 ? spec.length() : space);
      try {
        ZoneId.of(zone);
      } catch (RuntimeException e) {
        throw new Invalid("provided bad location " + zone + ": unknown time zone " + zone);
      }
      spec = space < 0 ? "" : spec.substring(space).trim();
    }
    if (spec.startsWith("@")) {
      descriptor(spec);
      return;
    }
    String[] fields = spec.trim().isEmpty() ? new String[0] : spec.trim().split("\\s+");
    if (fields.length != 5) {
      throw new Invalid("expected exactly 5 fields, found " + fields.length + ": [" + String.join(" ", fields) + "]");
    }
    for (int i = 0; i < 5; i++) {
      for (String range : fields[i].split(",", -1)) {
        range(range, FIELDS.get(i));
      }
    }
  }

  private static void descriptor(String spec) throws Invalid {
    if (DESCRIPTORS.contains(spec)) {
      return;
    }
    if (spec.startsWith("@every ")) {
      String duration = spec.substring("@every ".length());
      if (!GO_DURATION.matcher(duration).matches()) {
        throw new Invalid("failed to parse duration " + spec + ": time: invalid duration \"" + duration + "\"");
      }
      return;
    }
    throw new Invalid("unrecognized descriptor: " + spec);
  }

  private static void range(String expr, Bounds b) throws Invalid {
    String[] rangeAndStep = expr.split("/", -1);
    String[] lowAndHigh = rangeAndStep[0].split("-", -1);
    boolean single = lowAndHigh.length == 1;
    long start;
    long end;
    if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
      start = b.min();
      end = b.max();
    } else {
      start = intOrName(lowAndHigh[0], b);
      switch (lowAndHigh.length) {
        case 1 -> end = start;
        case 2 -> end = intOrName(lowAndHigh[1], b);
        default -> throw new Invalid("too many hyphens: " + expr);
      }
    }
    long step;
    switch (rangeAndStep.length) {
      case 1 -> step = 1;
      case 2 -> {
        step = number(rangeAndStep[1]);
        if (single) {
          end = b.max(); // "N/step" runs from N to the end
        }
      }
      default -> throw new Invalid("too many slashes: " + expr);
    }
    if (start < b.min()) {
      throw new Invalid("beginning of range (" + start + ") below minimum (" + b.min() + "): " + expr);
    }
    if (end > b.max()) {
      throw new Invalid("end of range (" + end + ") above maximum (" + b.max() + "): " + expr);
    }
    if (start > end) {
      throw new Invalid("beginning of range (" + start + ") beyond end of range (" + end + "): " + expr);
    }
    if (step == 0) {
      throw new Invalid("step of range should be a positive number: " + expr);
    }
  }

  private static long intOrName(String expr, Bounds b) throws Invalid {
    Integer named = b.names().get(expr.toLowerCase(Locale.ROOT));
    return named != null ? named : number(expr);
  }

  private static long number(String expr) throws Invalid {
    long n;
    try {
      n = Long.parseLong(expr);
    } catch (NumberFormatException e) {
      throw new Invalid("failed to parse int from " + expr + ": strconv.Atoi: parsing \"" + expr
          + "\": invalid syntax");
    }
    if (n < 0) {
      throw new Invalid("negative number (" + n + ") not allowed: " + expr);
    }
    return n;
  }
}
