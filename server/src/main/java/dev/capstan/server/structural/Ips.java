package dev.capstan.server.structural;

/** Go's net.ParseIP: dotted IPv4 without leading zeros, or IPv6 with one optional "::" and a dotted tail. */
final class Ips {
  private Ips() {}

  /** The address bytes (4 or 16), or null when Go would not parse {@code s}. */
  static byte[] parse(String s) {
    if (s.indexOf(':') < 0) {
      return v4(s);
    }
    return v6(s);
  }

  private static byte[] v4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
          || (p.length() > 1 && p.charAt(0) == '0')) {
        return null;
      }
      int n = Integer.parseInt(p);
      if (n > 255) {
        return null;
      }
      out[i] = (byte) n;
    }
    return out;
  }

  private static byte[] v6(String s) {
    byte[] out = new byte[16];
    int ellipsis = -1;
    int i = 0;
    int pos = 0;
    if (s.startsWith("::")) {
      ellipsis = 0;
      pos = 2;
      if (pos == s.length()) {
        return out;
      }
    }
    while (i < 16) {
      int end = pos;
      while (end < s.length() && Character.digit(s.charAt(end), 16) >= 0 && end - pos < 5) {
        end++;
      }
      if (end == pos || end - pos > 4) {
        return null;
      }
      if (end < s.length() && s.charAt(end) == '.') {
        // A dotted IPv4 tail takes the last four bytes.
        if (ellipsis < 0 && i != 12 || i + 4 > 16) {
          return null;
        }
        byte[] tail = v4(s.substring(pos));
        if (tail == null) {
          return null;
        }
        System.arraycopy(tail, 0, out, i, 4);
        i += 4;
        pos = s.length();
        break;
      }
      int n = Integer.parseInt(s.substring(pos, end), 16);
      out[i++] = (byte) (n >> 8);
      out[i++] = (byte) n;
      pos = end;
      if (pos == s.length()) {
        break;
      }
      if (s.charAt(pos) != ':' || pos + 1 == s.length()) {
        return null;
      }
      pos++;
      if (s.charAt(pos) == ':') {
        if (ellipsis >= 0) {
          return null;
        }
        ellipsis = i;
        pos++;
        if (pos == s.length()) {
          break;
        }
      }
    }
    if (pos != s.length()) {
      return null;
    }
    if (i < 16) {
      if (ellipsis < 0) {
        return null;
      }
      int n = 16 - i;
      for (int j = i - 1; j >= ellipsis; j--) {
        out[j + n] = out[j];
      }
      for (int j = ellipsis + n - 1; j >= ellipsis; j--) {
        out[j] = 0;
      }
    } else if (ellipsis >= 0) {
      return null;
    }
    return out;
  }
}
