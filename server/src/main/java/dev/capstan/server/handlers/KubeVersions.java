package dev.capstan.server.handlers;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes' version priority, as discovery orders a custom group's versions: GA before beta before alpha, a
 * higher major (then minor) number first, and versions of another form last, alphabetically.
 */
final class KubeVersions {
  private static final Pattern KUBE = Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?");

  private KubeVersions() {}

  /** Negative when {@code a} comes first (has the higher priority). */
  static int compare(String a, String b) {
    Matcher x = KUBE.matcher(a);
    Matcher y = KUBE.matcher(b);
    boolean kx = x.matches();
    boolean ky = y.matches();
    if (!kx || !ky) {
      return kx == ky ? a.compareTo(b) : kx ? -1 : 1;
    }
    int stage = Integer.compare(stage(y.group(2)), stage(x.group(2)));
    if (stage != 0) {
      return stage;
    }
    int major = number(y.group(1), x.group(1));
    if (major != 0 || x.group(3) == null) {
      return major;
    }
    return number(y.group(3), x.group(3));
  }

  /** Compares decimal numbers of any length. */
  private static int number(String a, String b) {
    String x = a.replaceFirst("^0+(?=.)", "");
    String y = b.replaceFirst("^0+(?=.)", "");
    return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
  }

  private static int stage(String s) {
    return s == null ? 2 : s.equals("beta") ? 1 : 0;
  }
}
