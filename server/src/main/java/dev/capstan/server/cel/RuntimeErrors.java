package dev.capstan.server.cel;

import dev.cel.runtime.CelEvaluationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * cel-java's evaluation errors in cel-go's words, which is what upstream's messages embed: {@code no such key: x},
 * {@code division by zero}, {@code no such overload}, ... Errors without a known counterpart keep cel-java's text
 * without its position prefix.
 */
final class RuntimeErrors {
  private RuntimeErrors() {
  }

  private static final Pattern POSITION = Pattern.compile("^evaluation error(?: at [^:]*:\\d+)?: ");
  private static final Pattern MISSING_KEY = Pattern.compile("key '(.*)' is not present in map\\.?");

  static String upstreamText(CelEvaluationException e) {
    String text = POSITION.matcher(String.valueOf(e.getMessage())).replaceFirst("");
    Matcher m = MISSING_KEY.matcher(text);
    if (m.matches()) {
      return "no such key: " + m.group(1);
    }
    if (text.equals("/ by zero")) {
      return "division by zero";
    }
    if (text.equals("% by zero")) {
      return "modulus by zero";
    }
    if (text.toLowerCase(java.util.Locale.ROOT).contains("overflow")) {
      return "integer overflow";
    }
    if (text.startsWith("No matching overload")) {
      return "no such overload";
    }
    return text;
  }
}
