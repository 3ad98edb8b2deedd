package dev.capstan.server.registry.values;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IP address and CIDR literals, read without ever resolving a name (so a bad value never causes a DNS lookup).
 * Stateless.
 */
public final class IpLiterals {
  /** Upstream's wording for a value that is not an IP address. */
  public static final String INVALID_IP = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
  /** Upstream's wording for a value that is not a CIDR. */
  public static final String INVALID_CIDR = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

  private static final Pattern V4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern V6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

  private IpLiterals() {}

  /** The address as 4 or 16 bytes, or null when {@code text} is not an IP literal. */
  public static byte[] parse(String text) {
    if (text == null) {
      return null;
    }
    var m = V4.matcher(text);
    if (m.matches()) {
      byte[] out = new byte[4];
      for (int i = 0; i < 4; i++) {
        int part = Integer.parseInt(m.group(i + 1));
        if (part > 255) {
          return null;
        }
        out[i] = (byte) part;
      }
      return out;
    }
    if (!text.contains(":") || !V6_CHARS.matcher(text).matches()) {
      return null;
    }
    try {
      // A literal containing ':' is parsed, never looked up.
      return InetAddress.getByName("[" + text + "]").getAddress();
    } catch (UnknownHostException | IllegalArgumentException e) {
      return null;
    }
  }

  public static boolean isIpv4(String text) {
    byte[] b = parse(text);
    return b != null && b.length == 4 && !text.contains(":");
  }

  public static boolean isIpv6(String text) {
    return text != null && text.contains(":") && parse(text) != null;
  }

  /** Whether {@code text} is {@code address/prefix} with a prefix that fits the address family. */
  public static boolean isCidr(String text) {
    int slash = text == null ? -1 : text.indexOf('/');
    if (slash < 0) {
      return false;
    }
    byte[] ip = parse(text.substring(0, slash));
    String prefix = text.substring(slash + 1);
    if (ip == null || !prefix.matches("\\d{1,3}")) {
      return false;
    }
    return Integer.parseInt(prefix) <= ip.length * 8;
  }

  /**
   * Upstream's objections to an address that endpoints may not point at (unspecified, loopback, link-local), or
   * null when there are none.
   */
  public static String specialRange(String text) {
    byte[] b = parse(text);
    if (b == null) {
      return "must be a valid IP address";
    }
    try {
      InetAddress a = InetAddress.getByAddress(b);
      if (a.isAnyLocalAddress()) {
        return "may not be unspecified (" + text + ")";
      }
      if (a.isLoopbackAddress()) {
        return "may not be in the loopback range (127.0.0.0/8, ::1/128)";
      }
      if (a.isLinkLocalAddress()) {
        return "may not be in the link-local range (169.254.0.0/16, fe80::/10)";
      }
      if (b.length == 4 ? (b[0] & 0xff) == 224 && b[1] == 0 && b[2] == 0
          : (b[0] & 0xff) == 0xff && (b[1] & 0x0f) == 0x02) {
        return "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)";
      }
      return null;
    } catch (UnknownHostException e) {
      return "must be a valid IP address";
    }
  }
}
