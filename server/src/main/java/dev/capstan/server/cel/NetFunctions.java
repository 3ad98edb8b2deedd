package dev.capstan.server.cel;

import dev.cel.bundle.CelBuilder;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Kubernetes' IP and CIDR CEL libraries: {@code ip()}, {@code isIP()}, {@code ip.isCanonical()}, the address
 * predicates, {@code cidr()}, {@code isCIDR()}, {@code containsIP}/{@code containsCIDR}, {@code masked()},
 * {@code prefixLength()} and {@code string()} of both. Parsing is literal only (never a name lookup) and, as
 * upstream's Go netip, rejects IPv4 octets with leading zeros, zones and IPv4-mapped IPv6 addresses.
 */
final class NetFunctions {
  private NetFunctions() {
  }

  static final OpaqueType IP = OpaqueType.create("net.IP");
  static final OpaqueType CIDR = OpaqueType.create("net.CIDR");

  /** An IP address; equal when the addresses are. */
  record Ip(InetAddress address) {
    int bits() {
      return address instanceof Inet4Address ? 32 : 128;
    }
  }

  /** A prefix: the address as written and its length. */
  record Cidr(Ip ip, int prefix) {
  }

  private static final Pattern IPV4 =
      Pattern.compile("(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})");

  static void install(CelBuilder b) {
    b.addFunctionDeclarations(
        fn("ip", CelOverloadDecl.newGlobalOverload("string_to_ip", IP, SimpleType.STRING),
            CelOverloadDecl.newMemberOverload("cidr_ip", IP, CIDR)),
        fn("isIP", CelOverloadDecl.newGlobalOverload("is_ip", SimpleType.BOOL, SimpleType.STRING)),
        fn("ip.isCanonical", CelOverloadDecl.newGlobalOverload("ip_is_canonical", SimpleType.BOOL, SimpleType.STRING)),
        fn("family", CelOverloadDecl.newMemberOverload("ip_family", SimpleType.INT, IP)),
        fn("isUnspecified", CelOverloadDecl.newMemberOverload("ip_is_unspecified", SimpleType.BOOL, IP)),
        fn("isLoopback", CelOverloadDecl.newMemberOverload("ip_is_loopback", SimpleType.BOOL, IP)),
        fn("isLinkLocalMulticast",
            CelOverloadDecl.newMemberOverload("ip_is_link_local_multicast", SimpleType.BOOL, IP)),
        fn("isLinkLocalUnicast", CelOverloadDecl.newMemberOverload("ip_is_link_local_unicast", SimpleType.BOOL, IP)),
        fn("isGlobalUnicast", CelOverloadDecl.newMemberOverload("ip_is_global_unicast", SimpleType.BOOL, IP)),
        fn("cidr", CelOverloadDecl.newGlobalOverload("string_to_cidr", CIDR, SimpleType.STRING)),
        fn("isCIDR", CelOverloadDecl.newGlobalOverload("is_cidr", SimpleType.BOOL, SimpleType.STRING)),
        fn("containsIP", CelOverloadDecl.newMemberOverload("cidr_contains_ip_ip", SimpleType.BOOL, CIDR, IP),
            CelOverloadDecl.newMemberOverload("cidr_contains_ip_string", SimpleType.BOOL, CIDR, SimpleType.STRING)),
        fn("containsCIDR",
            CelOverloadDecl.newMemberOverload("cidr_contains_cidr", SimpleType.BOOL, CIDR, CIDR),
            CelOverloadDecl.newMemberOverload("cidr_contains_cidr_string", SimpleType.BOOL, CIDR, SimpleType.STRING)),
        fn("masked", CelOverloadDecl.newMemberOverload("cidr_masked", CIDR, CIDR)),
        fn("prefixLength", CelOverloadDecl.newMemberOverload("cidr_prefix_length", SimpleType.INT, CIDR)),
        fn("string", CelOverloadDecl.newGlobalOverload("ip_to_string", SimpleType.STRING, IP),
            CelOverloadDecl.newGlobalOverload("cidr_to_string", SimpleType.STRING, CIDR)));
    b.addFunctionBindings(
        CelFunctionBinding.from("string_to_ip", String.class, NetFunctions::ip),
        CelFunctionBinding.from("cidr_ip", Cidr.class, Cidr::ip),
        CelFunctionBinding.from("is_ip", String.class, s -> parse(s) != null),
        CelFunctionBinding.from("ip_is_canonical", String.class, s -> canonical(ip(s)).equals(s)),
        CelFunctionBinding.from("ip_family", Ip.class, ip -> ip.bits() == 32 ? 4L : 6L),
        CelFunctionBinding.from("ip_is_unspecified", Ip.class, ip -> ip.address().isAnyLocalAddress()),
        CelFunctionBinding.from("ip_is_loopback", Ip.class, ip -> ip.address().isLoopbackAddress()),
        CelFunctionBinding.from("ip_is_link_local_multicast", Ip.class, NetFunctions::linkLocalMulticast),
        CelFunctionBinding.from("ip_is_link_local_unicast", Ip.class, ip -> ip.address().isLinkLocalAddress()),
        CelFunctionBinding.from("ip_is_global_unicast", Ip.class, NetFunctions::globalUnicast),
        CelFunctionBinding.from("string_to_cidr", String.class, NetFunctions::cidr),
        CelFunctionBinding.from("is_cidr", String.class, s -> parseCidr(s) != null),
        CelFunctionBinding.from("cidr_contains_ip_ip", Cidr.class, Ip.class, NetFunctions::contains),
        CelFunctionBinding.from("cidr_contains_ip_string", Cidr.class, String.class, (c, s) -> contains(c, ip(s))),
        CelFunctionBinding.from("cidr_contains_cidr", Cidr.class, Cidr.class,
            (c, o) -> o.prefix() >= c.prefix() && contains(c, o.ip())),
        CelFunctionBinding.from("cidr_contains_cidr_string", Cidr.class, String.class, (c, s) -> {
          Cidr o = cidr(s);
          return o.prefix() >= c.prefix() && contains(c, o.ip());
        }),
        CelFunctionBinding.from("cidr_masked", Cidr.class, c -> new Cidr(mask(c.ip(), c.prefix()), c.prefix())),
        CelFunctionBinding.from("cidr_prefix_length", Cidr.class, c -> (long) c.prefix()),
        CelFunctionBinding.from("ip_to_string", Ip.class, NetFunctions::canonical),
        CelFunctionBinding.from("cidr_to_string", Cidr.class, c -> canonical(c.ip()) + "/" + c.prefix()));
  }

  private static CelFunctionDecl fn(String name, CelOverloadDecl... overloads) {
    return CelFunctionDecl.newFunctionDeclaration(name, overloads);
  }

  /** The address, or null when {@code s} is not an IP literal upstream accepts. */
  static Ip parse(String s) {
    if (s == null || s.isEmpty() || s.indexOf('%') >= 0) {
      return null;
    }
    try {
      if (s.indexOf(':') < 0) {
        if (!IPV4.matcher(s).matches()) {
          return null;
        }
        for (String octet : s.split("\\.")) {
          if (Integer.parseInt(octet) > 255) {
            return null;
          }
        }
        return new Ip(InetAddress.getByName(s));
      }
      if (!s.matches("[0-9a-fA-F:.]+")) {
        return null;
      }
      InetAddress a = InetAddress.getByName(s);
      // Java turns an IPv4-mapped IPv6 literal into the IPv4 address; upstream rejects such literals.
      return a instanceof Inet4Address ? null : new Ip(a);
    } catch (UnknownHostException | NumberFormatException e) {
      return null;
    }
  }

  private static Ip ip(String s) throws CelEvaluationException {
    Ip ip = parse(s);
    if (ip == null) {
      throw new CelEvaluationException("IP Address " + dev.capstan.api.FieldError.goQuote(s)
          + " parse error during conversion from string: ParseAddr(" + dev.capstan.api.FieldError.goQuote(s)
          + "): unable to parse IP");
    }
    return ip;
  }

  private static Cidr parseCidr(String s) {
    int slash = s == null ? -1 : s.indexOf('/');
    if (slash < 0) {
      return null;
    }
    Ip ip = parse(s.substring(0, slash));
    String len = s.substring(slash + 1);
    if (ip == null || !len.matches("0|[1-9][0-9]{0,2}")) {
      return null;
    }
    int prefix = Integer.parseInt(len);
    return prefix > ip.bits() ? null : new Cidr(ip, prefix);
  }

  private static Cidr cidr(String s) throws CelEvaluationException {
    Cidr c = parseCidr(s);
    if (c == null) {
      throw new CelEvaluationException("network address " + dev.capstan.api.FieldError.goQuote(s)
          + " parse error during conversion from string: netip.ParsePrefix(" + dev.capstan.api.FieldError.goQuote(s)
          + "): bad prefix");
    }
    return c;
  }

  private static boolean contains(Cidr c, Ip ip) {
    return ip.bits() == c.ip().bits() && mask(ip, c.prefix()).equals(mask(c.ip(), c.prefix()));
  }

  private static Ip mask(Ip ip, int prefix) {
    byte[] bytes = ip.address().getAddress();
    for (int i = 0; i < bytes.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      bytes[i] &= (byte) (0xff << (8 - keep));
    }
    try {
      return new Ip(InetAddress.getByAddress(bytes));
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean linkLocalMulticast(Ip ip) {
    byte[] b = ip.address().getAddress();
    return ip.bits() == 32 ? (b[0] & 0xff) == 224 && b[1] == 0 && b[2] == 0
        : (b[0] & 0xff) == 0xff && (b[1] & 0x0f) == 0x02;
  }

  /** Go's IsGlobalUnicast: anything but unspecified, loopback, link-local, multicast and the IPv4 broadcast. */
  private static boolean globalUnicast(Ip ip) {
    InetAddress a = ip.address();
    byte[] b = a.getAddress();
    boolean broadcast = ip.bits() == 32 && (b[0] & b[1] & b[2] & b[3] & 0xff) == 0xff;
    return !a.isAnyLocalAddress() && !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isMulticastAddress()
        && !broadcast;
  }

  /** The text Go's netip prints: dotted IPv4, RFC 5952 IPv6 (lowercase, longest zero run as ::). */
  static String canonical(Ip ip) {
    if (ip.bits() == 32) {
      return ip.address().getHostAddress();
    }
    byte[] b = ip.address().getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLen - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }
}
