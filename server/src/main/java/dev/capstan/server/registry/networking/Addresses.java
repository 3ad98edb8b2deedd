package dev.capstan.server.registry.networking;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IP literals and CIDRs as Go's net package parses them: IPv4 dotted quads without leading zeros, IPv6 literals.
 * Never resolves names: only strings that look like literals reach {@link InetAddress}.
 */
final class Addresses {
  private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

  private Addresses() {}

  /** The address bytes (4 or 16), or null when {@code s} is not an IP literal. */
  static byte[] parse(String s) {
    if (IPV4.matcher(s).matches()) {
      String[] parts = s.split("\\.");
      byte[] out = new byte[4];
      for (int i = 0; i < 4; i++) {
        int v = Integer.parseInt(parts[i]);
        if (v > 255) {
          return null;
        }
        out[i] = (byte) v;
      }
      return out;
    }
    if (s.contains(":") && IPV6_CHARS.matcher(s).matches()) {
      try {
        return InetAddress.getByName(s).getAddress();
      } catch (UnknownHostException | IllegalArgumentException e) {
        return null;
      }
    }
    return null;
  }

  static boolean isIp(String s) {
    return parse(s) != null;
  }

  /** A parsed CIDR: the network address bits and the prefix length. */
  record Cidr(BigInteger bits, int width, int prefix) {
    boolean contains(Cidr other) {
      if (other.width != width || other.prefix < prefix) {
        return false;
      }
      int shift = width - prefix;
      return other.bits.shiftRight(shift).equals(bits.shiftRight(shift));
    }
  }

  /** The CIDR, or null when {@code s} is not {@code ip/prefix}. */
  static Cidr cidr(String s) {
    int slash = s.indexOf('/');
    if (slash < 0) {
      return null;
    }
    byte[] ip = parse(s.substring(0, slash));
    String prefix = s.substring(slash + 1);
    if (ip == null || prefix.isEmpty() || !prefix.chars().allMatch(Character::isDigit) || prefix.length() > 3) {
      return null;
    }
    int bits = Integer.parseInt(prefix);
    if (bits > ip.length * 8) {
      return null;
    }
    return new Cidr(new BigInteger(1, ip), ip.length * 8, bits);
  }
}
